/// Why an evaluation, rendering or benchmark step failed: the stage, the file or field, and what was expected.
public struct FaceBenchmarkError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stage that failed, e.g. "scan", "load", "analyse", "evaluate", "write".
    public let stage: String
    /// The file or field at fault.
    public let subject: String
    /// What went wrong and what was expected.
    public let detail: String

    /// Creates an error.
    public init(stage: String, subject: String, detail: String) {
        self.stage = stage
        self.subject = subject
        self.detail = detail
    }

    public var description: String { "\(stage) \(subject): \(detail)" }
}
