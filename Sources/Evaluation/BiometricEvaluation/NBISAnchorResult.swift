/// The figures of one run of the NBIS anchor (`shared/bench/nbis_anchor.py`: libfprint's mindtct +
/// bozorth3 through its virtual_image device, threshold 40) on one folder.
public struct NBISAnchorResult: Sendable, Hashable, Codable {
    /// What the anchor says it ran.
    public var anchor: String
    /// The folder, as the anchor resolved it.
    public var dataset: String
    /// Fingers found.
    public var fingers: Int
    /// Fingers whose enrolment completed.
    public var enrolled: Int
    /// Extraction times logged by libfprint (every image sent, enrolment retries included).
    public var extractCount: Int
    /// Median of those extraction times, ms; nil when libfprint logged none.
    public var extractMillisecondsMedian: Double?
    /// Mean of those extraction times, ms.
    public var extractMillisecondsMean: Double?
    /// Genuine verifications accepted.
    public var genuineAccepted: Int
    /// Genuine verifications attempted.
    public var genuineTotal: Int
    /// Identifications of a probe against all other fingers that matched one (per probe, not per pair).
    public var falseMatches: Int
    /// Identifications attempted (one per probe).
    public var impostorProbes: Int
    /// bozorth3 scores logged during genuine verifications.
    public var genuineScoreCount: Int
    /// Highest bozorth3 score logged during identifications; nil when none was logged.
    public var maxImpostorScore: Int?
    /// Median wall time of one verification (send image, extract, compare), ms.
    public var verifyMillisecondsMedian: Double?
    /// Median wall time of one identification against all other fingers, ms.
    public var identifyMillisecondsMedian: Double?

    enum CodingKeys: String, CodingKey {
        case anchor, dataset, fingers, enrolled
        case extractCount = "extract_n"
        case extractMillisecondsMedian = "extract_ms_median"
        case extractMillisecondsMean = "extract_ms_mean"
        case genuineAccepted = "genuine_accepted"
        case genuineTotal = "genuine_total"
        case falseMatches = "false_matches"
        case impostorProbes = "impostor_probes"
        case genuineScoreCount = "genuine_score_count"
        case maxImpostorScore = "max_impostor_score"
        case verifyMillisecondsMedian = "verify_ms_median"
        case identifyMillisecondsMedian = "identify_ms_median"
    }

    /// Writes every key, nil figures as null.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(anchor, forKey: .anchor)
        try c.encode(dataset, forKey: .dataset)
        try c.encode(fingers, forKey: .fingers)
        try c.encode(enrolled, forKey: .enrolled)
        try c.encode(extractCount, forKey: .extractCount)
        try c.encode(extractMillisecondsMedian, forKey: .extractMillisecondsMedian)
        try c.encode(extractMillisecondsMean, forKey: .extractMillisecondsMean)
        try c.encode(genuineAccepted, forKey: .genuineAccepted)
        try c.encode(genuineTotal, forKey: .genuineTotal)
        try c.encode(falseMatches, forKey: .falseMatches)
        try c.encode(impostorProbes, forKey: .impostorProbes)
        try c.encode(genuineScoreCount, forKey: .genuineScoreCount)
        try c.encode(maxImpostorScore, forKey: .maxImpostorScore)
        try c.encode(verifyMillisecondsMedian, forKey: .verifyMillisecondsMedian)
        try c.encode(identifyMillisecondsMedian, forKey: .identifyMillisecondsMedian)
    }
}
