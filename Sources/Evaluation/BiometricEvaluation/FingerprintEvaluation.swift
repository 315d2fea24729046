import Measuring
import Minutiae

/// Enrolls and probes the fingers of an FVC-style folder (`NNN_I.tif|png|…`, optional `NNN_I.iso`) with
/// our extractor and matcher, and reports genuine accepts, false matches, EER and timings.
///
/// Synchronous and CPU-bound: call it from a plain thread (a command's `run()`), not from the
/// cooperative pool.
public struct FingerprintEvaluation: Sendable {
    /// Enrolled and probed impressions.
    public var plan: ImpressionPlan
    /// The matcher (threshold and parameters).
    public var matcher: MinutiaeMatcher
    /// The extractor run on the images.
    public var extractor: MinutiaeExtractor
    /// Resolution of the images (FVC sets: 500 dpi = 197).
    public var pixelsPerCentimetre: Int
    /// Clock timing extractions and comparisons.
    public var clock: any Clock<Duration>

    /// An evaluation with the standard plan (enroll 1-5, probe 6-8), default matcher and extractor.
    public init(
        plan: ImpressionPlan = .standard, matcher: MinutiaeMatcher = MinutiaeMatcher(),
        extractor: MinutiaeExtractor = MinutiaeExtractor(),
        pixelsPerCentimetre: Int = MinutiaeSet.standardResolution,
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.plan = plan
        self.matcher = matcher
        self.extractor = extractor
        self.pixelsPerCentimetre = pixelsPerCentimetre
        self.clock = clock
    }

    /// Extracts the planned impressions of every finger from the images (fingers with a missing or
    /// unreadable impression are left out with a note).
    public func extractImages(folder: String) throws(FingerprintEvaluationError) -> FingerprintSets {
        try loader().extractImages(folder: folder)
    }

    /// Reads the planned impressions of every finger from the folder's `NNN_I.iso` records.
    public func readRecords(folder: String) throws(FingerprintEvaluationError) -> FingerprintSets {
        try loader().readRecords(folder: folder)
    }

    /// Our extraction of the folder's images, evaluated.
    public func evaluateImages(folder: String) throws(FingerprintEvaluationError) -> FingerprintEvaluationReport {
        try evaluate(try extractImages(folder: folder))
    }

    /// The commercial `.iso` records of the folder, evaluated with our matcher.
    public func evaluateRecords(folder: String) throws(FingerprintEvaluationError) -> FingerprintEvaluationReport {
        try evaluate(try readRecords(folder: folder))
    }

    /// Gallery from the commercial records, probes from our extraction of the images.
    public func evaluateCross(folder: String) throws(FingerprintEvaluationError) -> FingerprintEvaluationReport {
        try evaluateCross(gallery: try readRecords(folder: folder), probes: try extractImages(folder: folder))
    }

    /// Evaluates already loaded sets (images or records) with `MinutiaeEvaluation`.
    public func evaluate(_ sets: FingerprintSets) throws(FingerprintEvaluationError) -> FingerprintEvaluationReport {
        let plan = try plan.validated()
        let result = MinutiaeEvaluation.evaluate(
            fingers: sets.fingers, enroll: plan.enroll, probe: plan.probe,
            matcher: matcher, clock: clock)
        return FingerprintEvaluationReport(
            kind: sets.source == .images ? .images : .isoRecords, folder: sets.folder,
            enroll: plan.enroll, probe: plan.probe, fingers: sets.fingers.count, images: sets.setCount,
            genuineAccepted: result.genuineAccepted, genuineTotal: result.genuineTotal,
            falseMatches: result.falseMatches, impostorTotal: result.impostorTotal,
            falseMatchProbes: ProbeIdentification(matcher: matcher, plan: plan)
                .falseMatchProbes(fingers: sets.fingerIDs, gallery: sets, probes: sets),
            extractMillisecondsMedian: Statistics.median(sets.extractMilliseconds),
            extractMillisecondsMean: Statistics.mean(sets.extractMilliseconds),
            extractCPUMillisecondsMedian: Statistics.median(sets.extractCPUMilliseconds),
            compareMicrosecondsMedian: result.compareMicrosecondsMedian, allPairs: result.allPairs,
            threshold: result.threshold, minutiaeMedian: Statistics.median(sets.minutiaeCounts.map(Double.init)) ?? 0,
            sameImageScoreMedian: nil, notes: sets.notes)
    }

    /// Evaluates a gallery of one source against probes of another (fingers present in both).
    public func evaluateCross(gallery: FingerprintSets, probes: FingerprintSets)
        throws(FingerprintEvaluationError) -> FingerprintEvaluationReport
    {
        let plan = try plan.validated()
        let cross = CrossEvaluation(matcher: matcher, plan: plan, clock: clock)
        return try cross.run(gallery: gallery, probes: probes)
    }

    private func loader() throws(FingerprintEvaluationError) -> FingerprintSetLoader {
        FingerprintSetLoader(
            plan: try plan.validated(), extractor: extractor,
            pixelsPerCentimetre: pixelsPerCentimetre, clock: clock)
    }
}
