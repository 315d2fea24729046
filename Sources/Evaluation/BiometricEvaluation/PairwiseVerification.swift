import Minutiae

/// 1:1 figures of one folder from all pairs of single impressions: EER, and FMR and FNMR at each given
/// threshold (the figures the 1:N results are reported next to).
public struct PairwiseVerification: Sendable, Hashable, Codable {
    /// FMR and FNMR at one threshold.
    public struct AtThreshold: Sendable, Hashable, Codable {
        public var threshold: Int
        /// Impostor pairs at or above the threshold, share.
        public var fmr: Double
        /// Genuine pairs below the threshold, share.
        public var fnmr: Double
    }

    /// The folder.
    public var folder: String
    public var genuinePairs: Int
    public var impostorPairs: Int
    /// Equal error rate, 0-1 (`ScoreRates.equalErrorRate`).
    public var equalErrorRate: Double
    /// Highest impostor score.
    public var maxImpostorScore: Int
    /// The figures at each threshold asked for.
    public var thresholds: [AtThreshold]

    /// Scores every pair of impressions of `sets` with `matcher` (its threshold is not used).
    public init(sets: FingerprintSets, matcher: MinutiaeMatcher, thresholds: [Int]) {
        let all = sets.fingerIDs.flatMap { finger in
            (sets.fingers[finger] ?? [:]).sorted { $0.key < $1.key }.map { (finger, matcher.prepare($0.value)) }
        }
        var genuine: [Int] = []
        var impostor: [Int] = []
        for a in all.indices {
            for b in all.indices where b > a {
                let score = matcher.score(all[a].1, all[b].1)
                if all[a].0 == all[b].0 { genuine.append(score) } else { impostor.append(score) }
            }
        }
        folder = sets.folder
        genuinePairs = genuine.count
        impostorPairs = impostor.count
        equalErrorRate = ScoreRates.equalErrorRate(genuine: genuine, impostor: impostor)
        maxImpostorScore = impostor.max() ?? 0
        self.thresholds = thresholds.map { t in
            AtThreshold(
                threshold: t, fmr: impostor.isEmpty ? 0 : Double(impostor.count { $0 >= t }) / Double(impostor.count),
                fnmr: genuine.isEmpty ? 0 : Double(genuine.count { $0 < t }) / Double(genuine.count))
        }
    }
}
