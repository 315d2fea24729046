import Minutiae
import MinutiaeTesting
import Testing

@testable import BiometricEvaluation

@Suite(
    "MinutiaeEvaluation on the commercial ISO records of the FVC sets",
    .enabled(if: MinutiaeTestData.available, "skipped: ../shared/data/fingerprints is absent"))
struct MinutiaeEvaluationSharedDataTests {
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
}
