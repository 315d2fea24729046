/// Accuracy and speed of one fingerprint evaluation of one folder; encodes with snake_case keys
/// (`genuine_accepted`, `genuine_total`, `false_matches`, `impostor_total`, `extract_ms_median`,
/// `compare_us_median`, `eer`, ...), absent figures as null.
public struct FingerprintEvaluationReport: Sendable, Hashable, Codable {
    /// What was compared with what.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Our extraction of the images, enrolled and probed.
        case images
        /// The commercial SDK's `.iso` records, enrolled and probed with our matcher.
        case isoRecords = "iso_records"
        /// Gallery from the commercial records, probes from our extraction of the images.
        case cross
    }

    /// What was compared with what.
    public var kind: Kind
    /// The folder evaluated.
    public var folder: String
    /// Impressions enrolled per finger.
    public var enroll: [Int]
    /// Impressions probed per finger.
    public var probe: [Int]
    /// Fingers evaluated (those with every planned impression).
    public var fingers: Int
    /// Minutiae sets used: images extracted and/or records read.
    public var images: Int
    /// Probes accepted against their own finger.
    public var genuineAccepted: Int
    /// Genuine attempts (probes of enrolled fingers).
    public var genuineTotal: Int
    /// Probe-versus-other-finger attempts that reached the threshold.
    public var falseMatches: Int
    /// Impostor attempts: probes × other enrolled fingers.
    public var impostorTotal: Int
    /// Probes whose identification against all other fingers matched one (NBIS anchor's count), of `genuineTotal`.
    public var falseMatchProbes: Int
    /// Median extraction time per image, ms; nil when nothing was extracted.
    public var extractMillisecondsMedian: Double?
    /// Mean extraction time per image, ms; nil when nothing was extracted.
    public var extractMillisecondsMean: Double?
    /// Median thread CPU time of one extraction, ms (unlike wall time, not inflated by other load).
    public var extractCPUMillisecondsMedian: Double?
    /// Median time of one prepared-versus-prepared comparison, µs.
    public var compareMicrosecondsMedian: Double
    /// EER, FMR100/1000/10000 and more over all impression pairs (cross: gallery records × probe images).
    public var allPairs: ScoreRates
    /// The matcher's decision threshold.
    public var threshold: Int
    /// Median minutiae count per set (for cross: of our probe extractions).
    public var minutiaeMedian: Double
    /// Cross only: median score of our extraction of an image against the commercial record of that same image.
    public var sameImageScoreMedian: Double?
    /// Fingers left out and why.
    public var notes: [String]

    /// Equal error rate over all impression pairs, 0-1 (kept at the top level for existing readers).
    public var equalErrorRate: Double { allPairs.equalErrorRate }

    enum CodingKeys: String, CodingKey {
        case kind, folder, enroll, probe, fingers, images
        case genuineAccepted = "genuine_accepted"
        case genuineTotal = "genuine_total"
        case falseMatches = "false_matches"
        case impostorTotal = "impostor_total"
        case falseMatchProbes = "false_match_probes"
        case extractMillisecondsMedian = "extract_ms_median"
        case extractMillisecondsMean = "extract_ms_mean"
        case extractCPUMillisecondsMedian = "extract_cpu_ms_median"
        case compareMicrosecondsMedian = "compare_us_median"
        case allPairs = "all_pairs"
        case threshold
        case minutiaeMedian = "minutiae_median"
        case sameImageScoreMedian = "same_image_score_median"
        case notes
    }

    /// Figures written for readers but computed from others, so not decoded.
    enum DerivedKeys: String, CodingKey {
        case equalErrorRate = "eer"
    }

    /// Writes every key, nil figures as null, so that a reader always finds the same keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(folder, forKey: .folder)
        try c.encode(enroll, forKey: .enroll)
        try c.encode(probe, forKey: .probe)
        try c.encode(fingers, forKey: .fingers)
        try c.encode(images, forKey: .images)
        try c.encode(genuineAccepted, forKey: .genuineAccepted)
        try c.encode(genuineTotal, forKey: .genuineTotal)
        try c.encode(falseMatches, forKey: .falseMatches)
        try c.encode(impostorTotal, forKey: .impostorTotal)
        try c.encode(falseMatchProbes, forKey: .falseMatchProbes)
        try c.encode(extractMillisecondsMedian, forKey: .extractMillisecondsMedian)
        try c.encode(extractMillisecondsMean, forKey: .extractMillisecondsMean)
        try c.encode(extractCPUMillisecondsMedian, forKey: .extractCPUMillisecondsMedian)
        try c.encode(compareMicrosecondsMedian, forKey: .compareMicrosecondsMedian)
        var derived = encoder.container(keyedBy: DerivedKeys.self)
        try derived.encode(equalErrorRate, forKey: .equalErrorRate)
        try c.encode(allPairs, forKey: .allPairs)
        try c.encode(threshold, forKey: .threshold)
        try c.encode(minutiaeMedian, forKey: .minutiaeMedian)
        try c.encode(sameImageScoreMedian, forKey: .sameImageScoreMedian)
        try c.encode(notes, forKey: .notes)
    }
}
