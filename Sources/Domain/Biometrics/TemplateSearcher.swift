/// Finds, among many templates at once, one that matches a probe (1:N): the duplicate check.
public protocol TemplateSearcher: Sendable {
    var algorithm: AlgorithmID { get }
    /// A candidate that matches `probe`, or nil when none does.
    func firstMatch(for probe: Template, among candidates: [StoredTemplate]) async throws -> StoredTemplate?
    /// Brings whatever the searcher keeps (a module's flash library, prepared views) in step with
    /// `candidates` ahead of the next search, so that search sends only what changed since.
    func prepare(_ candidates: [StoredTemplate]) async throws
    /// 1:N identification: the best candidate whose score reaches `threshold` (the searcher's own 1:1
    /// threshold when nil), nil when none does. A searcher may stop at the first score that reaches it.
    func identify(_ probe: Template, among candidates: [StoredTemplate], threshold: Int?) async throws -> SearchHit?
}

/// A candidate identification found, with the score that found it.
public struct SearchHit: Sendable, Hashable {
    public let candidate: StoredTemplate
    /// On the searcher's matcher's scale.
    public let score: Int
    /// The threshold the score reached.
    public let threshold: Int

    public init(candidate: StoredTemplate, score: Int, threshold: Int) {
        self.candidate = candidate
        self.score = score
        self.threshold = threshold
    }
}

extension TemplateSearcher {
    /// Searchers that keep nothing between searches have nothing to prepare.
    public func prepare(_ candidates: [StoredTemplate]) async throws {}
}

/// 1:N by comparing the probe with each candidate in turn.
public struct PairwiseSearcher: TemplateSearcher {
    public let matcher: any Matcher

    public init(matcher: any Matcher) { self.matcher = matcher }

    public var algorithm: AlgorithmID { matcher.algorithm }

    public func firstMatch(for probe: Template, among candidates: [StoredTemplate]) async throws -> StoredTemplate? {
        for candidate in candidates {
            try Task.checkCancellation()
            if try await matcher.matches(probe, candidate.template) { return candidate }
        }
        return nil
    }

    /// Scores every candidate: the true best, earliest first on ties.
    public func identify(
        _ probe: Template, among candidates: [StoredTemplate], threshold: Int?
    ) async throws -> SearchHit? {
        let threshold = threshold ?? matcher.threshold
        var best: SearchHit?
        for candidate in candidates where candidate.template.algorithm == matcher.algorithm {
            try Task.checkCancellation()
            let score = try await matcher.score(probe, candidate.template)
            if score >= threshold, score > (best?.score ?? Int.min) {
                best = SearchHit(candidate: candidate, score: score, threshold: threshold)
            }
        }
        return best
    }
}
