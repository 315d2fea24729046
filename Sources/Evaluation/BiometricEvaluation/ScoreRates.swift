/// Verification error rates from the genuine and impostor scores of all pairs: the EER and the FVC-onGoing
/// operating points (the lowest FNMR with FMR at or below 1 %, 0.1 %, 0.01 % and 0).
///
/// A rate can only be as fine as the pairs behind it: with fewer than 10,000 impostor pairs, FMR10000 is
/// the FNMR at zero false matches (`impostorPairs` says how many there were).
public struct ScoreRates: Sendable, Hashable, Codable {
    public var genuinePairs: Int
    public var impostorPairs: Int
    /// Equal error rate, 0-1: the mean of FNMR and FMR at the integer threshold where they are closest.
    public var equalErrorRate: Double
    /// FNMR at FMR ≤ 1 %.
    public var fmr100: Double
    /// FNMR at FMR ≤ 0.1 %.
    public var fmr1000: Double
    /// FNMR at FMR ≤ 0.01 %.
    public var fmr10000: Double
    /// FNMR with no impostor pair accepted.
    public var zeroFMR: Double
    /// Genuine pairs scoring above every impostor pair.
    public var genuineAboveImpostors: Int
    /// Highest impostor score, lowest genuine score (0 when there are none).
    public var maxImpostorScore: Int
    public var minGenuineScore: Int

    enum CodingKeys: String, CodingKey {
        case genuinePairs = "genuine_pairs"
        case impostorPairs = "impostor_pairs"
        case equalErrorRate = "eer"
        case fmr100, fmr1000, fmr10000
        case zeroFMR = "zero_fmr"
        case genuineAboveImpostors = "genuine_above_impostors"
        case maxImpostorScore = "max_impostor_score"
        case minGenuineScore = "min_genuine_score"
    }

    public init(genuine: [Int], impostor: [Int]) {
        genuinePairs = genuine.count
        impostorPairs = impostor.count
        let maxImpostor = impostor.max() ?? 0
        maxImpostorScore = maxImpostor
        minGenuineScore = genuine.min() ?? 0
        genuineAboveImpostors = impostor.isEmpty ? genuine.count : genuine.count { $0 > maxImpostor }
        equalErrorRate = Self.equalErrorRate(genuine: genuine, impostor: impostor)
        fmr100 = Self.fnmr(genuine: genuine, impostor: impostor, maximumFMR: 1e-2)
        fmr1000 = Self.fnmr(genuine: genuine, impostor: impostor, maximumFMR: 1e-3)
        fmr10000 = Self.fnmr(genuine: genuine, impostor: impostor, maximumFMR: 1e-4)
        zeroFMR = Self.fnmr(genuine: genuine, impostor: impostor, maximumFMR: 0)
    }

    /// The lowest FNMR over the thresholds whose FMR is at most `maximumFMR`.
    public static func fnmr(genuine: [Int], impostor: [Int], maximumFMR: Double) -> Double {
        guard !genuine.isEmpty else { return 0 }
        let allowed = Int((maximumFMR * Double(impostor.count)).rounded(.down))
        let sorted = impostor.sorted(by: >)
        // Accepting `allowed` impostors at most: the threshold sits just above the next one.
        let threshold = allowed < sorted.count ? sorted[allowed] + 1 : Int.min
        return Double(genuine.count { $0 < threshold }) / Double(genuine.count)
    }

    /// The rate where false non-match (genuine below t) and false match (impostor at or above t) cross,
    /// taken as their mean at the integer threshold where they are closest.
    public static func equalErrorRate(genuine: [Int], impostor: [Int]) -> Double {
        guard let topGenuine = genuine.max(), let topImpostor = impostor.max() else { return 0 }
        let bottom = min(genuine.min() ?? 0, impostor.min() ?? 0)
        var best = (gap: Double.infinity, rate: 1.0)
        for t in bottom...(max(topGenuine, topImpostor) + 1) {
            let fnmr = Double(genuine.count { $0 < t }) / Double(genuine.count)
            let fmr = Double(impostor.count { $0 >= t }) / Double(impostor.count)
            if abs(fnmr - fmr) < best.gap { best = (abs(fnmr - fmr), (fnmr + fmr) / 2) }
        }
        return best.rate
    }
}
