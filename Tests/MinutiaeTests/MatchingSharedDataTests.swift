import Foundation
import MinutiaeTesting
import Testing

@testable import Minutiae

@Suite(
    "Matcher on the commercial ISO records of the FVC sets",
    .enabled(if: MinutiaeTestData.available, "skipped: ../shared/data/fingerprints is absent"))
struct MatchingSharedDataTests {
    let matcher = MinutiaeMatcher()

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
