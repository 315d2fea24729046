import Biometrics
import Foundation
import ISOFingerprint
import Minutiae
import Testing

@Suite("1:N duplicate check over ISO templates", .enabled(if: sharedDataPresent, "needs ../shared/data/fingerprints"))
struct ISOGallerySearcherTests {
    @Test("the member whose finger it is is found, others are not, and prepared templates are reused")
    func findsTheDuplicate() async throws {
        try await ISORig.run { rig in
            var stored: [StoredTemplate] = []
            for (member, finger) in [("a", 101), ("b", 102), ("c", 103)] {
                let template = try await rig.reader.enrollTemplate(from: [
                    try await rig.sample(try fvcFinger(finger, 1)), try await rig.sample(try fvcFinger(finger, 2)),
                ])
                stored.append(
                    StoredTemplate(
                        userid: try UserID(member), slot: try #require(SlotID(.fingerprint, 0)), template: template))
            }
            let searcher = ISOGallerySearcher()
            try await searcher.prepare(stored)
            #expect(await searcher.cachedCount == 3, "prepared ahead of the first search")
            let probe = try await rig.reader.enrollTemplate(from: [try await rig.sample(try fvcFinger(102, 5))])
            let hit = try await searcher.firstMatch(for: probe, among: stored)
            #expect(hit?.userid == (try UserID("b")))
            #expect(await searcher.cachedCount == 3)

            let stranger = try await rig.reader.enrollTemplate(from: [try await rig.sample(try fvcFinger(108, 5))])
            #expect(try await searcher.firstMatch(for: stranger, among: stored) == nil)
            // A slot that left the store leaves the cache.
            #expect(try await searcher.firstMatch(for: stranger, among: Array(stored.prefix(2))) == nil)
            #expect(await searcher.cachedCount == 2)
        }
    }

    @Test("an unreadable stored template is skipped; a foreign probe is an error")
    func badInput() async throws {
        let searcher = ISOGallerySearcher()
        let junk = StoredTemplate(
            userid: try UserID("x"), slot: try #require(SlotID(.fingerprint, 1)),
            template: Template(modality: .fingerprint, algorithm: .isoMinutiae, data: Data([0x46, 0x4D, 0x52])))
        let probeSet = MinutiaeSet(
            width: 256, height: 288, quality: 80,
            minutiae: (0..<20).map {
                Minutia(kind: .ending, x: 20 + $0 * 10, y: 30 + ($0 * 37) % 200, angle: Double($0) * 0.3, quality: 80)
            })
        let probe = Template(
            modality: .fingerprint, algorithm: .isoMinutiae, data: try ISOMinutiaeRecord(sets: [probeSet]).isoData())
        #expect(try await searcher.firstMatch(for: probe, among: [junk]) == nil)
        let foreign = Template(modality: .fingerprint, algorithm: .zfmModule, data: Data(count: 512))
        await #expect(throws: ISOTemplateMatcherError.self) {
            _ = try await searcher.firstMatch(for: foreign, among: [junk])
        }
    }
}
