import Biometrics
import Foundation
import Measuring
import Minutiae
import Testing

@testable import BiometricEvaluation

@Suite("1:N rates: FPIR, FNIR, score histogram, fingerprint folds")
struct IdentificationRatesTests {
    /// Three impostor probes (best strangers 4, 9, 12) and four genuine probes.
    let outcomes = [
        SearchOutcome(mateScore: nil, bestNonMateScore: 4),
        SearchOutcome(mateScore: nil, bestNonMateScore: 9),
        SearchOutcome(mateScore: nil, bestNonMateScore: 12),
        SearchOutcome(mateScore: 30, bestNonMateScore: 5),  // identified from 6 to 30
        SearchOutcome(mateScore: 11, bestNonMateScore: 12),  // a stranger above it: a miss at ≤ 12
        SearchOutcome(mateScore: 9, bestNonMateScore: 3),  // below 10: a miss at ≥ 10
        SearchOutcome(mateScore: 10, bestNonMateScore: 10),  // a tie at the threshold: a miss at ≤ 10
    ]

    @Test func ratesAtAThresholdCountTheRightProbes() {
        let at10 = IdentificationRates(outcomes: outcomes, threshold: 10)
        #expect(at10.impostorProbes == 3 && at10.genuineProbes == 4)
        #expect(at10.falsePositives == 1)  // only the 12
        #expect(at10.misses == 3)  // 11 < 12, 9 < 10, the tie
        #expect(abs(at10.fpir - 1.0 / 3) < 1e-12)
        #expect(at10.fnir == 0.75)

        let at13 = IdentificationRates(outcomes: outcomes, threshold: 13)
        #expect(at13.falsePositives == 0 && at13.fpir == 0)
        #expect(at13.misses == 3)  // 11, 9 and 10 are all below 13

        let at5 = IdentificationRates(outcomes: outcomes, threshold: 5)
        #expect(at5.falsePositives == 2)  // 9 and 12
        #expect(at5.misses == 2)  // 11 < 12 and the tie at 10; 9 beats 3
    }

    @Test func aGalleryWithoutOtherEntriesNeverAcceptsAStranger() {
        let lonely = [
            SearchOutcome(mateScore: nil, bestNonMateScore: nil), .init(mateScore: 20, bestNonMateScore: nil),
        ]
        let rates = IdentificationRates(outcomes: lonely, threshold: 10)
        #expect(rates.fpir == 0 && rates.fnir == 0)
        #expect(IdentificationRates(outcomes: [], threshold: 1).fpir == 0)
    }

    @Test func predictedFPIRFollowsOneMinusOneMinusFMRToTheN() {
        let fpir = IdentificationRates.predictedFPIR(falseMatchRate: 1e-6, galleryCount: 10_000)
        #expect(abs(fpir - (1 - pow(1 - 1e-6, 10_000))) < 1e-12)
        #expect(abs(fpir - 0.00995) < 1e-4)
        let fmr = IdentificationRates.falseMatchRate(forFPIR: 0.01, galleryCount: 10_000)
        #expect(abs(fmr - 1.005e-6) < 1e-8)
        #expect(abs(IdentificationRates.predictedFPIR(falseMatchRate: fmr, galleryCount: 10_000) - 0.01) < 1e-12)
        #expect(IdentificationRates.predictedFPIR(falseMatchRate: 0, galleryCount: 10_000) == 0)
    }

    @Test func histogramRatesAndTheLowestThresholdForATargetRate() {
        var histogram = ScoreHistogram()
        for score in [0, 0, 0, 0, 0, 1, 1, 2, 5, 7] { histogram.add(score) }
        #expect(histogram.total == 10 && histogram.maximum == 7)
        #expect(histogram.count(atOrAbove: 2) == 3)
        #expect(histogram.rate(atOrAbove: 5) == 0.2)
        #expect(histogram.lowestThreshold(forRate: 0) == 8)  // nothing may reach it
        #expect(histogram.lowestThreshold(forRate: 0.1) == 6)  // only the 7
        #expect(histogram.lowestThreshold(forRate: 0.25) == 3)  // the 5 and the 7
        #expect(histogram.lowestThreshold(forRate: 1) == 0)
        var other = ScoreHistogram()
        other.add(9)
        histogram.merge(other)
        #expect(histogram.total == 11 && histogram.maximum == 9)
        #expect(ScoreHistogram().lowestThreshold(forRate: 0.1) == nil)
    }

    @Test func summaryReportsTheChosenThresholdAndTheCurve() {
        var histogram = ScoreHistogram()
        for score in [4, 9, 12, 5, 12, 3, 10] { histogram.add(score) }
        let summary = IdentificationSummary(
            outcomes: outcomes, nonMateScores: histogram, galleryCount: 100, threshold: 10, curve: [5, 13],
            targetFPIR: 0.5)
        #expect(summary.chosen.rates == IdentificationRates(outcomes: outcomes, threshold: 10))
        #expect(summary.chosen.comparisonFMR == 3.0 / 7)
        #expect(summary.curve.map(\.rates.threshold) == [5, 13])
        #expect(summary.curve[1].comparisonFMR == 0 && summary.curve[1].predictedFPIR == 0)
        #expect(summary.maxNonMateScore == 12 && summary.nonMateComparisons == 7)
        #expect(summary.lowestThresholdMeetingTarget == 13)  // FMR ≈ 0.0069 allows none of 7
    }

    @Test func everyFingerTakesEveryRoleOnceOverTheFolds() {
        for index in 0..<7 {
            let roles = (0..<IdentificationRole.folds).map { IdentificationRole.of(index: index, fold: $0) }
            #expect(Set(roles) == Set(IdentificationRole.allCases))
        }
        for fold in 0..<IdentificationRole.folds {
            let roles = (0..<9).map { IdentificationRole.of(index: $0, fold: fold) }
            for role in IdentificationRole.allCases { #expect(roles.count { $0 == role } == 3) }
        }
    }

    @Test func identificationThresholdsAreStricterAndUsedByDefault() {
        #expect(MinutiaeMatcher.identificationThreshold > MinutiaeMatcher.defaultThreshold)
        #expect(MinutiaeMatcher.identification.threshold == MinutiaeMatcher.identificationThreshold)
        #expect(FingerprintIdentification().matcher.threshold == MinutiaeMatcher.identificationThreshold)
    }

    /// Six fingers of a hand-made folder: each a random set, its 8 impressions light perturbations of it.
    static func folder(seedBase: UInt64) -> FingerprintSets {
        let light = MinutiaePerturbation(
            maxRotation: 0.1, maxTranslation: 8, maxPositionJitter: 1, maxAngleJitter: 0.05, dropout: 0.05)
        var generator = SplitMix64(seed: seedBase)
        var fingers: [String: [Int: MinutiaeSet]] = [:]
        for finger in 1...6 {
            let base = SyntheticGalleryTests.randomSet(seed: seedBase + UInt64(finger))
            fingers["\(100 + finger)"] = Dictionary(
                uniqueKeysWithValues: (1...8).map { ($0, light.apply(to: base, using: &generator)) })
        }
        return FingerprintSets(
            folder: "hand-made-\(seedBase)", source: .images, fingers: fingers, extractMilliseconds: [],
            extractCPUMilliseconds: [], notes: [])
    }

    @Test func fingerprintFoldsFindEveryMemberAndNoStrangerInAPaddedGallery() {
        let run = FingerprintIdentification(galleryCount: 40, builder: SyntheticGallery(seed: 3)).run(
            folders: [Self.folder(seedBase: 1000)])
        // Per fold 2 enrolled fingers × 5 probes and 2 impostor fingers × 8 impressions.
        let genuine = run.outcomes.filter { $0.mateScore != nil }
        let impostor = run.outcomes.filter { $0.mateScore == nil }
        #expect(genuine.count == 3 * 2 * 5)
        #expect(impostor.count == 3 * 2 * 8)
        #expect(run.galleryEntries == 40)
        #expect(run.sourceFingers == 3 * 2)
        #expect(run.cpuSeconds.count == run.outcomes.count && run.wallSeconds.count == run.outcomes.count)
        // Every non-mate entry of every search is in the histogram: 39 for a genuine probe, 40 for an impostor.
        #expect(run.nonMateScores.total == genuine.count * 39 + impostor.count * 40)
        let rates = IdentificationRates(outcomes: run.outcomes, threshold: MinutiaeMatcher.identificationThreshold)
        #expect(rates.fnir == 0, "genuine outcomes \(genuine)")
        #expect(rates.fpir == 0, "impostor outcomes \(impostor)")
    }
}
