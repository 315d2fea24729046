import Biometrics
import FingerprintModule
import FingerprintModuleSim
import Foundation
import Testing

@Suite("1:N duplicate search on the module's own library")
struct LibrarySearcherTests {
    /// A module-built template for a simulated finger, without pressing it (as the store holds them).
    static func template(_ finger: String) -> Template {
        let first = SimulatedFeatureModel.featureFile(identity: finger, quality: 90, pressSeed: 11)
        let second = SimulatedFeatureModel.featureFile(identity: finger, quality: 90, pressSeed: 12)
        return Template(
            modality: .fingerprint, algorithm: .zfmModule, data: Data(SimulatedFeatureModel.merge(first, second)!))
    }

    static func stored(_ index: Int) -> StoredTemplate {
        StoredTemplate(
            userid: try! UserID(String(format: "member%03d", index)), slot: SlotID(.fingerprint, 0)!,
            template: template(String(format: "finger-%03d", index)))
    }

    @Test("finds the member whose finger it is among many, and nobody for a new finger")
    func findsTheOwner() async throws {
        let candidates = (0..<40).map(Self.stored)
        try await withRig { rig in
            let searcher = ZFMLibrarySearcher(module: rig.module)
            let probe = try await rig.enroll(SimulatedFinger("finger-017"))
            let hit = try await searcher.firstMatch(for: probe, among: candidates)
            #expect(hit?.userid.rawValue == "member017")
            let stranger = try await rig.enroll(SimulatedFinger("someone-new"))
            let nobody = try await searcher.firstMatch(for: stranger, among: candidates)
            #expect(nobody == nil)
        }
    }

    @Test("the library is synced once: the next search sends only the probe")
    func incrementalSync() async throws {
        let candidates = (0..<30).map(Self.stored)
        try await withRig { rig in
            let searcher = ZFMLibrarySearcher(module: rig.module)
            _ = try await searcher.firstMatch(for: Self.template("finger-003"), among: candidates)
            #expect(rig.sim.count(of: .store) == 30)
            let downCharsBefore = rig.sim.count(of: .downChar)
            let hit = try await searcher.firstMatch(for: Self.template("finger-021"), among: candidates)
            #expect(hit?.userid.rawValue == "member021")
            #expect(rig.sim.count(of: .store) == 30, "nothing new to store")
            #expect(rig.sim.count(of: .downChar) == downCharsBefore + 1, "only the probe crosses the link")
            #expect(rig.sim.count(of: .highSpeedSearch) == 2)
            #expect(await searcher.pagesInUse == 30)
        }
    }

    @Test("prepare fills the library ahead of the search, so the search sends only the probe")
    func prepareAhead() async throws {
        let candidates = (0..<12).map(Self.stored)
        try await withRig { rig in
            let searcher = ZFMLibrarySearcher(module: rig.module)
            try await searcher.prepare(candidates)
            #expect(rig.sim.count(of: .store) == 12)
            #expect(await searcher.pagesInUse == 12)
            let downChars = rig.sim.count(of: .downChar)
            let hit = try await searcher.firstMatch(for: Self.template("finger-007"), among: candidates)
            #expect(hit?.userid.rawValue == "member007")
            #expect(rig.sim.count(of: .downChar) == downChars + 1, "only the probe crosses the link")
            try await searcher.prepare(Array(candidates.prefix(11)))
            #expect(rig.sim.count(of: .deleteChar) == 1)
        }
    }

    @Test("a template that left the candidates is deleted from the library and never matches again")
    func removedCandidate() async throws {
        let candidates = (0..<10).map(Self.stored)
        try await withRig { rig in
            let searcher = ZFMLibrarySearcher(module: rig.module)
            let before = try await searcher.firstMatch(for: Self.template("finger-004"), among: candidates)
            #expect(before?.userid.rawValue == "member004")
            let without4 = candidates.filter { $0.userid.rawValue != "member004" }
            let after = try await searcher.firstMatch(for: Self.template("finger-004"), among: without4)
            #expect(after == nil)
            #expect(rig.sim.count(of: .deleteChar) == 1)
            #expect(await searcher.pagesInUse == 9)
        }
    }

    @Test("candidates beyond the library size are still compared, pairwise")
    func overflow() async throws {
        let candidates = (0..<14).map(Self.stored)
        try await withRig(sim: .init(librarySize: 10)) { rig in
            let searcher = ZFMLibrarySearcher(module: rig.module)
            var found: Set<String> = []
            for index in [0, 5, 9, 10, 13] {
                let hit = try await searcher.firstMatch(
                    for: Self.template(String(format: "finger-%03d", index)), among: candidates)
                found.insert(try #require(hit).userid.rawValue)
            }
            #expect(found == ["member000", "member005", "member009", "member010", "member013"])
            #expect(await searcher.pagesInUse == 10)
        }
    }
}
