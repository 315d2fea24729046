/// The accuracy issue 18 asks of our pipeline on a shared set, and whether a run met it.
public struct AccuracyTarget: Sendable, Hashable, Codable {
    /// The set's folder name.
    public var set: String
    /// Highest all-pairs EER allowed, 0-1.
    public var maximumEER: Double
    /// Highest FNMR at FMR ≤ 0.1 % allowed (nil: no target on this set).
    public var maximumFMR1000: Double?
    /// Whether the run met every target; nil when the set was not evaluated.
    public var met: Bool?

    enum CodingKeys: String, CodingKey {
        case set
        case maximumEER = "max_eer"
        case maximumFMR1000 = "max_fmr1000"
        case met
    }

    /// The targets per shared set (folder name); sets not listed have none.
    public static let targets: [String: (eer: Double, fmr1000: Double?)] = [
        "fvc2002_db1_b": (0.01, 0.02),
        "fvc2004_db4_b_synthetic_subset": (0.03, nil),
    ]

    /// The target of the folder named `set`, judged on `rates`; nil when the set has none.
    public init?(set: String, rates: ScoreRates?) {
        guard let target = Self.targets[set] else { return nil }
        self.set = set
        maximumEER = target.eer
        maximumFMR1000 = target.fmr1000
        met = rates.map { $0.equalErrorRate <= target.eer && $0.fmr1000 <= (target.fmr1000 ?? 1) }
    }

    /// Writes every key, nil as null.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(set, forKey: .set)
        try c.encode(maximumEER, forKey: .maximumEER)
        try c.encode(maximumFMR1000, forKey: .maximumFMR1000)
        try c.encode(met, forKey: .met)
    }
}
