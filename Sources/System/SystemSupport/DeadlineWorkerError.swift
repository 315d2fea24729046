/// Why a `DeadlineWorker` gave no result.
public enum DeadlineWorkerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The job was still running when its deadline passed; it runs on, its result dropped, and the
    /// worker's later jobs wait until it returns.
    case deadlinePassed(worker: String, deadline: Duration)
    /// The job was still waiting behind an earlier one (perhaps one abandoned at its deadline) when
    /// its deadline passed; it never runs.
    case stillBehindEarlierJob(worker: String, deadline: Duration)
    /// The calling task was cancelled before the job returned.
    case cancelled(worker: String)

    public var description: String {
        switch self {
        case .deadlinePassed(let worker, let deadline):
            "\(worker): the job did not finish within its deadline of \(deadline); abandoned"
        case .stillBehindEarlierJob(let worker, let deadline):
            "\(worker): an earlier job still held the worker when this one's deadline of \(deadline) passed; refused"
        case .cancelled(let worker):
            "\(worker): cancelled before the job returned"
        }
    }
}
