import Foundation
import Testing

@testable import BiometricEvaluation

@Suite(
    "Fingerprint benchmark",
    .enabled(if: TestFolders.sharedDataPresent, "skipped: ../shared/data/fingerprints is absent"))
struct FingerprintBenchmarkTests {
    @Test func everyPartSideBySideWithAScriptedAnchor() async throws {
        let folder = try TestFolders.threeFingerCopy()
        defer { TestFolders.remove(folder) }
        let script = try NBISAnchorTests.script(in: folder, "cat <<'JSON'\n\(NBISAnchorFixture.fvc2004)JSON")
        let benchmark = FingerprintBenchmark(
            anchor: NBISAnchor(script: script, interpreter: "/bin/sh"),
            identification: IdentificationBenchmark(galleryCount: 40))
        let result = await benchmark.runOffPool(folders: [folder, folder + "/absent"])
        #expect(result.folders.count == 2)
        let first = result.folders[0]
        let ours = try #require(first.ours)
        #expect(first.commercialRecords?.genuineTotal == 9)
        #expect(first.cross?.genuineTotal == 9)
        #expect(first.anchor.available)
        let side = try #require(first.sideBySide)
        #expect(side.extractMillisecondsNBIS == 11.916)
        #expect(side.extractRatio == ours.extractMillisecondsMedian.map { $0 / 11.916 })
        #expect(side.genuineAcceptedNBIS == 14)
        #expect(side.genuineTargetMet == (ours.genuineAccepted >= 14 && ours.falseMatches == 0))
        #expect(side.compareMicrosecondsBozorth3Quoted == 350)
        #expect(side.compareRatio == ours.compareMicrosecondsMedian / 350)
        // The missing folder is reported, not fatal.
        #expect(result.folders[1].ours == nil)
        #expect(result.folders[1].error?.contains("absent") == true)
        // Three fingers: the last probes as absent, the one before is enrolled as present.
        let oneToMany = try #require(result.identification)
        #expect(oneToMany.galleryEntries == 40)
        #expect(oneToMany.sourceSets == 8)
        #expect(oneToMany.absent.probes == 8)
        #expect(oneToMany.present.probes == 3)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: Any]
        #expect((json?["folders"] as? [Any])?.count == 2)
    }

    @Test func missingAnchorIsReportedAndTheRestRuns() async throws {
        let folder = try TestFolders.threeFingerCopy()
        defer { TestFolders.remove(folder) }
        let benchmark = FingerprintBenchmark(
            anchor: NBISAnchor(
                script: folder + "/nbis_anchor.py",
                interpreter: folder + "/python3"),
            identification: nil)
        let result = await benchmark.runOffPool(folders: [folder])
        let only = try #require(result.folders.first)
        #expect(!only.anchor.available)
        #expect(only.anchor.reason == NBISAnchorError.interpreterMissing(path: folder + "/python3").description)
        #expect(only.ours != nil && only.cross != nil)
        #expect(only.sideBySide?.extractRatio == nil)
        #expect(only.sideBySide?.genuineAcceptedNBIS == nil)
        #expect(result.identification == nil)
        #expect(result.text.contains("NBIS anchor unavailable"))
    }
}
