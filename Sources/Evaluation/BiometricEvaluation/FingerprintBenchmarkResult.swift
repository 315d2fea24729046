/// Whether the NBIS anchor ran on a folder, and its figures or the reason it did not.
public struct AnchorOutcome: Sendable, Hashable, Codable {
    /// True when `result` holds the anchor's figures.
    public var available: Bool
    /// Why the anchor gave no figures (interpreter, libfprint or script missing, failure, bad output).
    public var reason: String?
    /// The anchor's figures.
    public var result: NBISAnchorResult?

    /// The anchor's figures.
    public static func ran(_ result: NBISAnchorResult) -> AnchorOutcome {
        AnchorOutcome(available: true, reason: nil, result: result)
    }

    /// No figures, and why.
    public static func unavailable(_ reason: String) -> AnchorOutcome {
        AnchorOutcome(available: false, reason: reason, result: nil)
    }

    /// Writes every key, nil as null.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(available, forKey: .available)
        try c.encode(reason, forKey: .reason)
        try c.encode(result, forKey: .result)
    }
}

/// Every figure of one folder: our evaluation, the commercial records, cross, the anchor, side by side.
public struct FolderBenchmark: Sendable, Hashable, Codable {
    /// The folder.
    public var folder: String
    /// Why the folder could not be evaluated at all (then the reports are nil).
    public var error: String?
    /// Our extraction and matcher on the images.
    public var ours: FingerprintEvaluationReport?
    /// Our matcher on the commercial `.iso` records (nil with `recordsError` when the folder has none).
    public var commercialRecords: FingerprintEvaluationReport?
    /// Why the commercial records (and so cross) could not be evaluated.
    public var recordsError: String?
    /// Gallery from the commercial records, probes from our extraction.
    public var cross: FingerprintEvaluationReport?
    /// The NBIS anchor on the same images.
    public var anchor: AnchorOutcome
    /// Ours next to NBIS, with the targets.
    public var sideBySide: AnchorComparison?
    /// The accuracy target of this set (EER, FMR1000) and whether our pipeline met it; nil when it has none.
    public var accuracyTarget: AccuracyTarget?

    enum CodingKeys: String, CodingKey {
        case folder, error, ours
        case commercialRecords = "commercial_records"
        case recordsError = "records_error"
        case cross, anchor
        case sideBySide = "side_by_side"
        case accuracyTarget = "accuracy_target"
    }

    /// Writes every key, nil as null.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(folder, forKey: .folder)
        try c.encode(error, forKey: .error)
        try c.encode(ours, forKey: .ours)
        try c.encode(commercialRecords, forKey: .commercialRecords)
        try c.encode(recordsError, forKey: .recordsError)
        try c.encode(cross, forKey: .cross)
        try c.encode(anchor, forKey: .anchor)
        try c.encode(sideBySide, forKey: .sideBySide)
        try c.encode(accuracyTarget, forKey: .accuracyTarget)
    }
}

/// The whole fingerprint benchmark (`bench-results/fingerprint.json`).
public struct FingerprintBenchmarkResult: Sendable, Hashable, Codable {
    /// Enrolled and probed impressions.
    public var plan: ImpressionPlan
    /// The matcher's threshold.
    public var threshold: Int
    /// One entry per folder, in the order given.
    public var folders: [FolderBenchmark]
    /// 1:N over the large synthetic gallery (nil when no folder gave minutiae sets).
    public var identification: IdentificationBenchmarkResult?

    /// Writes every key, nil as null.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(plan, forKey: .plan)
        try c.encode(threshold, forKey: .threshold)
        try c.encode(folders, forKey: .folders)
        try c.encode(identification, forKey: .identification)
    }
}
