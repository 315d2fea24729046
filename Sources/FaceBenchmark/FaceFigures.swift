import FaceRecognition

/// Verification figures as they appear in the JSON reports (snake_case keys, `tar_at_far_1e-3`).
public struct FaceFigures: Sendable, Hashable, Codable {
    /// Equal error rate, 0...1.
    public let eer: Double
    /// True accept rate at false accept rate ≤ 1e-3.
    public let tarAtFAR1e3: Double
    /// Leave-one-out rank-1 identification rate.
    public let rank1: Double
    /// False accept rate at the operating threshold.
    public let farAtThreshold: Double
    /// False reject rate at the operating threshold.
    public let frrAtThreshold: Double
    /// The operating threshold (a distance).
    public let threshold: Double
    /// Genuine pairs compared.
    public let genuinePairs: Int
    /// Impostor pairs compared.
    public let impostorPairs: Int

    /// Copies `figures`.
    public init(_ figures: VerificationFigures) {
        eer = figures.eer
        tarAtFAR1e3 = figures.tarAtFAR1e3
        rank1 = figures.rank1
        farAtThreshold = figures.farAtThreshold
        frrAtThreshold = figures.frrAtThreshold
        threshold = figures.threshold
        genuinePairs = figures.genuinePairs
        impostorPairs = figures.impostorPairs
    }

    enum CodingKeys: String, CodingKey {
        case eer
        case tarAtFAR1e3 = "tar_at_far_1e-3"
        case rank1
        case farAtThreshold = "far_at_threshold"
        case frrAtThreshold = "frr_at_threshold"
        case threshold
        case genuinePairs = "genuine_pairs"
        case impostorPairs = "impostor_pairs"
    }

    /// One line: EER, TAR at FAR 1e-3 and rank-1 in percent.
    public var summary: String {
        "EER \(NumberText.format(eer)), TAR@FAR1e-3 \(NumberText.format(tarAtFAR1e3)), rank-1 \(NumberText.format(rank1)) "
            + "(\(genuinePairs) genuine / \(impostorPairs) impostor pairs)"
    }
}

/// Formatting of rates and milliseconds for the text reports.
enum NumberText {
    /// `rate` (0...1) as a percentage with two decimals.
    static func format(_ rate: Double) -> String { fixed(rate * 100, decimals: 2) + " %" }

    /// `value` with a fixed number of decimals.
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (abs(value) * scale).rounded()
        let whole = Int(rounded / scale)
        let fraction = Int(rounded - Double(whole) * scale)
        let sign = value < 0 && rounded != 0 ? "-" : ""
        guard decimals > 0 else { return "\(sign)\(whole)" }
        let digits = String(fraction)
        return "\(sign)\(whole)." + String(repeating: "0", count: decimals - digits.count) + digits
    }
}

/// Median of `values`; nil when empty.
func median(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
