import Foundation
import Testing

@testable import Minutiae

@Suite(
    "Matcher on the commercial ISO records of the FVC sets",
    .enabled(if: MinutiaeTestData.available, "skipped: ../shared/data/fingerprints is absent"))
struct MatchingSharedDataTests {
    let matcher = MinutiaeMatcher()

    /// Enroll impressions 1-5, probe 6-8. Measured: 30/30 and 15/15 accepted, 0 false matches; the floors
    /// leave a margin of about 10%.
    @Test(arguments: [("fvc2002_db1_b", 27), ("fvc2004_db4_b_synthetic_subset", 13)])
    func genuineProbesAcceptedWithoutFalseMatches(folder: String, genuineFloor: Int) throws {
        let fingers = try MinutiaeTestData.fingers(in: folder)
        let result = MinutiaeEvaluation.evaluate(
            fingers: fingers, enroll: [1, 2, 3, 4, 5], probe: [6, 7, 8],
            matcher: matcher)
        #expect(result.genuineTotal == fingers.count * 3)
        #expect(result.impostorTotal == fingers.count * 3 * (fingers.count - 1))
        #expect(result.genuineAccepted >= genuineFloor, "\(result)")
        #expect(result.falseMatches == 0, "\(result)")
        #expect(result.equalErrorRate < 0.08, "\(result)")
        #expect(result.maxImpostorScore < matcher.threshold)
    }

    @Test func rotatedCommercialRecordMatchesItsOriginal() throws {
        let fingers = try MinutiaeTestData.fingers(in: "fvc2002_db1_b")
        let original = try #require(fingers[104]?[1])
        for radians in [0.35, -0.8, 2.5] {
            let copy = MinutiaeTestData.transformed(original, radians: radians, dx: 40, dy: 40)
            let score = matcher.score(matcher.prepare(original), matcher.prepare(copy))
            #expect(score >= 80, "rotation \(radians): score \(score)")
        }
    }

    @Test func everyImpressionScoresHighestAgainstItself() throws {
        let fingers = try MinutiaeTestData.fingers(in: "fvc2004_db4_b_synthetic_subset")
        let sets = fingers.keys.sorted().flatMap { finger in
            fingers[finger]!.keys.sorted().map { fingers[finger]![$0]! }
        }
        .map { matcher.prepare($0) }
        for a in sets.indices {
            // Below 100 only for sets under Parameters.minimumNormalisingCount minutiae (none here).
            let own = matcher.score(sets[a], sets[a])
            #expect(own >= 80)
            #expect(sets.indices.allSatisfy { $0 == a || matcher.score(sets[a], sets[$0]) < own })
        }
    }
}
