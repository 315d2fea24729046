import Testing

@testable import BiometricEvaluation

@Suite("ScoreRates: EER and FNMR at FMR100/1000/10000 from all pairs")
struct ScoreRatesTests {
    /// 1,000 impostor scores: 990 at 0, then 5 at 10, 4 at 20 and 1 at 30; 10 genuine scores 5...50.
    let impostor = [Int](repeating: 0, count: 990) + [Int](repeating: 10, count: 5) + [20, 20, 20, 20, 30]
    let genuine = [5, 10, 15, 20, 25, 30, 35, 40, 45, 50]

    @Test func operatingPointsAllowAtMostTheirShareOfImpostors() {
        let rates = ScoreRates(genuine: genuine, impostor: impostor)
        // FMR ≤ 1 %: 10 impostors may pass, exactly the 10 above 0: the threshold is 1 and every genuine passes.
        #expect(rates.fmr100 == 0)
        // FMR ≤ 0.1 %: one impostor may pass (30); the threshold is 21: 5, 10, 15, 20 refused.
        #expect(rates.fmr1000 == 0.4)
        // FMR ≤ 0.01 % on 1,000 impostors allows none: the threshold is 31, as at zero FMR: 5...30 refused.
        #expect(rates.fmr10000 == 0.6)
        #expect(rates.zeroFMR == 0.6)
        #expect(rates.genuineAboveImpostors == 4)
        #expect(rates.maxImpostorScore == 30 && rates.minGenuineScore == 5)
        #expect(rates.genuinePairs == 10 && rates.impostorPairs == 1000)
    }

    @Test func tiedImpostorsAtTheThresholdAreNotSplit() {
        // Two impostors tie at 8; allowing one (FMR ≤ 1 % of 100) must not accept both: the threshold is 9.
        let impostor = [Int](repeating: 0, count: 98) + [8, 8]
        #expect(ScoreRates.fnmr(genuine: [8, 9, 20], impostor: impostor, maximumFMR: 0.01) == 1.0 / 3)
    }

    @Test func equalErrorRateOfKnownDistributions() {
        #expect(ScoreRates.equalErrorRate(genuine: [10, 20, 30], impostor: [0, 1, 2]) == 0)
        // threshold 5: genuine 4 rejected (1/4), impostor 5 accepted (1/4)
        #expect(ScoreRates.equalErrorRate(genuine: [4, 8, 9, 10], impostor: [0, 1, 2, 5]) == 0.25)
        #expect(ScoreRates.equalErrorRate(genuine: [], impostor: [1]) == 0)
    }

    @Test func noPairsGiveZeroRates() {
        let rates = ScoreRates(genuine: [], impostor: [])
        #expect(rates.equalErrorRate == 0 && rates.fmr1000 == 0 && rates.genuineAboveImpostors == 0)
    }

    @Test func accuracyTargetsAreJudgedOnTheirSetOnly() throws {
        let good = ScoreRates(genuine: [50, 60, 70], impostor: [0, 0, 1])
        let target = try #require(AccuracyTarget(set: "fvc2002_db1_b", rates: good))
        #expect(target.met == true && target.maximumEER == 0.01 && target.maximumFMR1000 == 0.02)
        let poor = ScoreRates(genuine: [0, 60, 70], impostor: [0, 0, 1])
        #expect(AccuracyTarget(set: "fvc2002_db1_b", rates: poor)?.met == false)
        #expect(AccuracyTarget(set: "fvc2004_db4_b_synthetic_subset", rates: nil)?.met == nil)
        #expect(AccuracyTarget(set: "some_other_set", rates: good) == nil)
    }
}
