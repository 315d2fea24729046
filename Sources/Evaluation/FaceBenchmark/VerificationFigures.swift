/// Error rates from genuine and impostor distances (smaller distance = more alike).
public struct VerificationFigures: Sendable, Hashable, Codable {
    /// Equal error rate, 0...1.
    public let eer: Double
    /// True accept rate at the largest threshold whose false accept rate is ≤ 1e-3.
    public let tarAtFAR1e3: Double
    /// Leave-one-out rank-1 identification rate, 0...1.
    public let rank1: Double
    /// False accept rate at the operating threshold.
    public let farAtThreshold: Double
    /// False reject rate at the operating threshold.
    public let frrAtThreshold: Double
    /// The operating threshold (accept when distance < threshold).
    public let threshold: Double
    /// The distance below which at most 1e-3 of the impostor pairs fall (the threshold of `tarAtFAR1e3`).
    public let thresholdAtFAR1e3: Double
    /// Number of genuine pairs.
    public let genuinePairs: Int
    /// Number of impostor pairs.
    public let impostorPairs: Int

    enum CodingKeys: String, CodingKey {
        case eer
        case tarAtFAR1e3 = "tar_at_far_1e-3"
        case thresholdAtFAR1e3 = "threshold_at_far_1e-3"
        case rank1
        case farAtThreshold = "far_at_threshold"
        case frrAtThreshold = "frr_at_threshold"
        case threshold
        case genuinePairs = "genuine_pairs"
        case impostorPairs = "impostor_pairs"
    }

    /// Computes the figures; `genuine` and `impostor` must not be empty.
    init(genuine: [Double], impostor: [Double], rank1: Double, threshold: Double) {
        let g = genuine.sorted()
        let i = impostor.sorted()
        eer = Self.equalErrorRate(genuine: g, impostor: i)
        // Accept d < t. Allow at most floor(1e-3 · impostors) impostors below t.
        let allowed = Int((Double(i.count) * 1e-3).rounded(.down))
        let limit = allowed < i.count ? i[allowed] : .infinity
        tarAtFAR1e3 = Double(Self.countBelow(g, limit)) / Double(max(g.count, 1))
        thresholdAtFAR1e3 = limit
        farAtThreshold = Double(Self.countBelow(i, threshold)) / Double(max(i.count, 1))
        frrAtThreshold = 1 - Double(Self.countBelow(g, threshold)) / Double(max(g.count, 1))
        self.rank1 = rank1
        self.threshold = threshold
        genuinePairs = g.count
        impostorPairs = i.count
    }

    /// Number of elements of sorted `values` strictly below `limit`.
    static func countBelow(_ values: [Double], _ limit: Double) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let mid = (low + high) / 2
            if values[mid] < limit { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Sweeps every candidate threshold; the EER is the mean of FAR and FRR where they are closest.
    static func equalErrorRate(genuine: [Double], impostor: [Double]) -> Double {
        guard !genuine.isEmpty, !impostor.isEmpty else { return 0 }
        var candidates = Set(genuine)
        candidates.formUnion(impostor)
        var best = (gap: Double.infinity, rate: 1.0)
        for t in candidates.sorted() + [.infinity] {
            let far = Double(countBelow(impostor, t)) / Double(impostor.count)
            let frr = 1 - Double(countBelow(genuine, t)) / Double(genuine.count)
            let gap = abs(far - frr)
            if gap < best.gap { best = (gap, (far + frr) / 2) }
        }
        return best.rate
    }
}
