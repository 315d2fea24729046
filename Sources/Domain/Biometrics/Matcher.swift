/// Compares two templates of one algorithm.
public protocol Matcher: Sendable {
    var algorithm: AlgorithmID { get }
    /// Similarity score; higher means more alike. Comparable only within one algorithm.
    func score(_ probe: Template, _ reference: Template) async throws -> Int
    /// Scores at or above this are the same finger / face.
    var threshold: Int { get }
}

extension Matcher {
    public func matches(_ probe: Template, _ reference: Template) async throws -> Bool {
        try await score(probe, reference) >= threshold
    }
}
