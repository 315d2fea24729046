import Biometrics

extension AlgorithmID {
    /// Templates that are ISO/IEC 19794-2:2005 finger minutiae records compared by `MinutiaeMatcher`.
    public static let isoMinutiae = AlgorithmID("iso19794-2-2005-minutiae-v1")
}

/// Why a template cannot be compared by `ISOTemplateMatcher`.
public enum ISOTemplateMatcherError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The template is not of algorithm `AlgorithmID.isoMinutiae`.
    case wrongAlgorithm(expected: AlgorithmID, found: AlgorithmID)
    /// The template's data is not a valid record.
    case invalidRecord(role: String, ISORecordError)

    public var description: String {
        switch self {
        case let .wrongAlgorithm(expected, found): "template algorithm: expected \(expected), found \(found)"
        case let .invalidRecord(role, error): "\(role) template: \(error)"
        }
    }
}

/// `Biometrics.Matcher` over templates whose data is an ISO record: every view of the probe against every
/// view of the reference, best score.
public struct ISOTemplateMatcher: Matcher {
    /// The minutiae matcher that compares the views.
    public let matcher: MinutiaeMatcher

    /// Wraps `matcher` (default: tuned parameters and threshold).
    public init(matcher: MinutiaeMatcher = MinutiaeMatcher()) {
        self.matcher = matcher
    }

    /// Always `AlgorithmID.isoMinutiae`.
    public var algorithm: AlgorithmID { .isoMinutiae }
    /// The minutiae matcher's threshold.
    public var threshold: Int { matcher.threshold }

    /// Best score of any probe view against any reference view; throws for foreign or invalid templates.
    public func score(_ probe: Template, _ reference: Template) async throws -> Int {
        let probeViews = try prepare(probe, role: "probe")
        let referenceViews = try prepare(reference, role: "reference")
        var best = 0
        for probeView in probeViews {
            for referenceView in referenceViews {
                best = max(best, matcher.score(probeView, referenceView))
            }
        }
        return best
    }

    /// The prepared views of a template's record.
    public func prepare(_ template: Template) throws(ISOTemplateMatcherError) -> [PreparedMinutiae] {
        try prepare(template, role: "template")
    }

    private func prepare(_ template: Template, role: String) throws(ISOTemplateMatcherError) -> [PreparedMinutiae] {
        guard template.algorithm == .isoMinutiae else {
            throw .wrongAlgorithm(expected: .isoMinutiae, found: template.algorithm)
        }
        do {
            return try ISOMinutiaeRecord(isoData: template.data).minutiaeSets.map { matcher.prepare($0) }
        } catch {
            throw .invalidRecord(role: role, error)
        }
    }
}

/// `Biometrics.TemplateSearcher` for ISO templates: prepares the candidates and returns the first whose
/// best view reaches the threshold.
public struct ISOTemplateSearcher: TemplateSearcher {
    /// The matcher comparing probe and candidates.
    public let matcher: ISOTemplateMatcher

    /// A searcher using `matcher`.
    public init(matcher: ISOTemplateMatcher = ISOTemplateMatcher()) {
        self.matcher = matcher
    }

    /// Always `AlgorithmID.isoMinutiae`.
    public var algorithm: AlgorithmID { .isoMinutiae }

    /// The first candidate of algorithm `isoMinutiae` any of whose views matches any probe view.
    public func firstMatch(for probe: Template, among candidates: [StoredTemplate]) async throws -> StoredTemplate? {
        let probeViews = try matcher.prepare(probe)
        for candidate in candidates where candidate.template.algorithm == .isoMinutiae {
            try Task.checkCancellation()
            let views = try matcher.prepare(candidate.template)
            for probeView in probeViews {
                if views.contains(where: { matcher.matcher.matches(probeView, $0) }) { return candidate }
            }
        }
        return nil
    }

    /// The gallery's identification over the readable ISO candidates, stopping at the first score that
    /// reaches `threshold`.
    public func identify(
        _ probe: Template, among candidates: [StoredTemplate], threshold: Int?
    ) async throws -> SearchHit? {
        let threshold = threshold ?? matcher.threshold
        let probeViews = try matcher.prepare(probe)
        let readable = candidates.filter { $0.template.algorithm == .isoMinutiae }
        let gallery = MinutiaeGallery(
            matcher: matcher.matcher,
            entries: try readable.map { candidate in
                MinutiaeGallery.Entry(
                    userid: candidate.userid, slot: candidate.slot, views: try matcher.prepare(candidate.template))
            })
        guard let best = gallery.identify(probeViews, stopAt: threshold), best.score >= threshold else { return nil }
        return SearchHit(candidate: readable[best.entry], score: best.score, threshold: threshold)
    }
}
