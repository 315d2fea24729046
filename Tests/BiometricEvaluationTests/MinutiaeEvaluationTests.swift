import Minutiae
import MinutiaeTesting
import Testing

@testable import BiometricEvaluation

@Suite("MinutiaeEvaluation")
struct MinutiaeEvaluationTests {
    let matcher = MinutiaeMatcher()

    @Test func evaluationCountsGenuineAndImpostorAttempts() {
        // Four synthetic fingers, impressions 1-4 are rotated/shifted copies; impression 3 of finger 2 is missing.
        var fingers: [String: [Int: MinutiaeSet]] = [:]
        for finger in 0..<4 {
            let base = MinutiaeTestData.syntheticSet(seed: UInt64(300 + finger))
            for impression in 1...4 where !(finger == 2 && impression == 3) {
                fingers["f\(finger)", default: [:]][impression] = MinutiaeTestData.transformed(
                    base, radians: 0.1 * Double(impression), dx: 3 * impression, dy: -2 * impression)
            }
        }
        let result = MinutiaeEvaluation.evaluate(fingers: fingers, enroll: [1, 2], probe: [3, 4], matcher: matcher)
        #expect(result.genuineTotal == 7)
        #expect(result.genuineAccepted == 7)
        #expect(result.impostorTotal == 21)
        #expect(result.falseMatches == 0)
        #expect(result.equalErrorRate == 0)
        #expect(result.compareMicrosecondsMedian > 0)
        #expect(result.maxImpostorScore < matcher.threshold && result.minGenuineScore >= matcher.threshold)
    }
}
