import Foundation

/// What one full 1:N search of a probe found: the best score of any entry that is not the probe's own
/// member and, when the probe's member is enrolled, the best score of its own entry.
public struct SearchOutcome: Sendable, Hashable, Codable {
    /// Best score of the probe's own member; nil for a probe whose member is not enrolled (an impostor).
    public var mateScore: Int?
    /// Best score of any other entry; nil when the gallery held no other entry.
    public var bestNonMateScore: Int?

    /// An outcome.
    public init(mateScore: Int?, bestNonMateScore: Int?) {
        self.mateScore = mateScore
        self.bestNonMateScore = bestNonMateScore
    }

    /// Whether a search deciding at `threshold` names some member for an impostor probe.
    public func isFalsePositive(at threshold: Int) -> Bool {
        mateScore == nil && (bestNonMateScore ?? Int.min) >= threshold
    }

    /// Whether a search deciding at `threshold` names the probe's own member: the mate reaches the
    /// threshold and no other entry at or above the threshold scores as high (a tie counts as a miss).
    public func isIdentified(at threshold: Int) -> Bool {
        guard let mate = mateScore, mate >= threshold else { return false }
        guard let other = bestNonMateScore, other >= threshold else { return true }
        return mate > other
    }
}

/// FPIR and FNIR of a set of searches at one threshold (ISO/IEC 19795-1 terms): FPIR is the share of
/// impostor probes for which the search named somebody, FNIR the share of enrolled members' probes for
/// which it did not name the right one (no candidate at the threshold, or a stranger scoring higher).
public struct IdentificationRates: Sendable, Hashable, Codable {
    /// The decision threshold.
    public var threshold: Int
    /// Probes whose member is not enrolled.
    public var impostorProbes: Int
    /// Impostor probes for which somebody reached the threshold.
    public var falsePositives: Int
    /// `falsePositives / impostorProbes` (0 without impostor probes).
    public var fpir: Double
    /// Probes whose member is enrolled.
    public var genuineProbes: Int
    /// Genuine probes not identified as their own member.
    public var misses: Int
    /// `misses / genuineProbes` (0 without genuine probes).
    public var fnir: Double

    /// The rates of `outcomes` at `threshold`.
    public init(outcomes: [SearchOutcome], threshold: Int) {
        self.threshold = threshold
        let impostors = outcomes.filter { $0.mateScore == nil }
        let genuine = outcomes.filter { $0.mateScore != nil }
        impostorProbes = impostors.count
        falsePositives = impostors.count { $0.isFalsePositive(at: threshold) }
        genuineProbes = genuine.count
        misses = genuine.count { !$0.isIdentified(at: threshold) }
        fpir = impostors.isEmpty ? 0 : Double(falsePositives) / Double(impostors.count)
        fnir = genuine.isEmpty ? 0 : Double(misses) / Double(genuine.count)
    }

    /// FPIR expected for a gallery of `galleryCount` independent entries when one comparison falsely
    /// matches with probability `falseMatchRate`: 1 − (1 − FMR)^N.
    public static func predictedFPIR(falseMatchRate: Double, galleryCount: Int) -> Double {
        guard falseMatchRate > 0 else { return 0 }
        return -expm1(Double(galleryCount) * log1p(-min(falseMatchRate, 1)))
    }

    /// The largest per-comparison false-match rate for which `predictedFPIR` stays at or below `fpir`.
    public static func falseMatchRate(forFPIR fpir: Double, galleryCount: Int) -> Double {
        guard galleryCount > 0 else { return 1 }
        return -expm1(log1p(-min(max(fpir, 0), 1)) / Double(galleryCount))
    }

    enum CodingKeys: String, CodingKey {
        case threshold
        case impostorProbes = "impostor_probes"
        case falsePositives = "false_positives"
        case fpir
        case genuineProbes = "genuine_probes"
        case misses, fnir
    }
}

/// Counts of comparison scores (e.g. every impostor comparison of a set of searches), for false-match
/// rates at any threshold.
public struct ScoreHistogram: Sendable, Hashable, Codable {
    /// Score → comparisons with that score.
    public private(set) var counts: [Int: Int] = [:]
    /// Comparisons counted.
    public private(set) var total = 0

    /// An empty histogram.
    public init() {}

    /// Counts one comparison.
    public mutating func add(_ score: Int) {
        counts[score, default: 0] += 1
        total += 1
    }

    /// Adds every count of `other`.
    public mutating func merge(_ other: ScoreHistogram) {
        for (score, count) in other.counts { counts[score, default: 0] += count }
        total += other.total
    }

    /// Comparisons scoring `threshold` or more.
    public func count(atOrAbove threshold: Int) -> Int {
        counts.reduce(0) { $0 + ($1.key >= threshold ? $1.value : 0) }
    }

    /// Share of comparisons scoring `threshold` or more (0 when empty).
    public func rate(atOrAbove threshold: Int) -> Double {
        total == 0 ? 0 : Double(count(atOrAbove: threshold)) / Double(total)
    }

    /// The highest score counted; nil when empty.
    public var maximum: Int? { counts.keys.max() }

    /// The lowest threshold whose rate is at or below `rate` (one above the maximum when only that works).
    public func lowestThreshold(forRate rate: Double) -> Int? {
        guard let top = maximum else { return nil }
        let allowed = Int((rate * Double(total)).rounded(.down))
        var above = 0
        for score in counts.keys.sorted(by: >) {
            above += counts[score] ?? 0
            if above > allowed { return score + 1 }
        }
        return counts.keys.min().map { min($0, top) }
    }
}

/// The 1:N figures of a set of full searches: the rates at the chosen threshold and around it, the
/// per-comparison false-match rate the searches measured, and the FPIR that rate predicts.
public struct IdentificationSummary: Sendable, Hashable, Codable {
    /// One threshold's figures.
    public struct Point: Sendable, Hashable, Codable {
        /// FPIR and FNIR measured.
        public var rates: IdentificationRates
        /// Share of probe-versus-non-mate comparisons at or above the threshold.
        public var comparisonFMR: Double
        /// 1 − (1 − comparisonFMR)^galleryCount.
        public var predictedFPIR: Double

        enum CodingKeys: String, CodingKey {
            case rates
            case comparisonFMR = "comparison_fmr"
            case predictedFPIR = "predicted_fpir"
        }
    }

    /// Gallery entries searched.
    public var galleryCount: Int
    /// The figures at the chosen threshold.
    public var chosen: Point
    /// The figures at each threshold of the curve asked for.
    public var curve: [Point]
    /// Comparisons of probes with non-mate entries.
    public var nonMateComparisons: Int
    /// The highest non-mate score seen.
    public var maxNonMateScore: Int?
    /// The target per-comparison FMR (from the target FPIR and the gallery size).
    public var targetFMR: Double
    /// The lowest threshold at which the measured comparison FMR is at or below `targetFMR`.
    public var lowestThresholdMeetingTarget: Int?

    /// Figures at `threshold` and at each of `curve`, for a target FPIR over `galleryCount` entries.
    public init(
        outcomes: [SearchOutcome], nonMateScores: ScoreHistogram, galleryCount: Int, threshold: Int,
        curve: [Int], targetFPIR: Double
    ) {
        func point(_ t: Int) -> Point {
            let fmr = nonMateScores.rate(atOrAbove: t)
            return Point(
                rates: IdentificationRates(outcomes: outcomes, threshold: t), comparisonFMR: fmr,
                predictedFPIR: IdentificationRates.predictedFPIR(falseMatchRate: fmr, galleryCount: galleryCount))
        }
        self.galleryCount = galleryCount
        chosen = point(threshold)
        self.curve = curve.map(point)
        nonMateComparisons = nonMateScores.total
        maxNonMateScore = nonMateScores.maximum
        targetFMR = IdentificationRates.falseMatchRate(forFPIR: targetFPIR, galleryCount: galleryCount)
        lowestThresholdMeetingTarget = nonMateScores.lowestThreshold(forRate: targetFMR)
    }

    enum CodingKeys: String, CodingKey {
        case galleryCount = "gallery_count"
        case chosen, curve
        case nonMateComparisons = "non_mate_comparisons"
        case maxNonMateScore = "max_non_mate_score"
        case targetFMR = "target_fmr"
        case lowestThresholdMeetingTarget = "lowest_threshold_meeting_target"
    }
}
