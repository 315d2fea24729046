/// Finds, among many templates at once, one that matches a probe (1:N): the duplicate check.
public protocol TemplateSearcher: Sendable {
    var algorithm: AlgorithmID { get }
    /// A candidate that matches `probe`, or nil when none does.
    func firstMatch(for probe: Template, among candidates: [StoredTemplate]) async throws -> StoredTemplate?
    /// Brings whatever the searcher keeps (a module's flash library, prepared views) in step with
    /// `candidates` ahead of the next search, so that search sends only what changed since.
    func prepare(_ candidates: [StoredTemplate]) async throws
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
}
