/// How long each step of a graceful shutdown (SIGTERM, SIGINT) may take. The steps run one after the
/// other, so their sum plus the session's own bounded close must stay under the 5 s a service manager
/// gives before SIGKILL; `attendanced` also caps the whole with `total`.
public struct ShutdownBudget: Sendable, Equatable {
    /// Cancelling the running enrollment on the terminal (107) and waiting until it has ended: an
    /// in-flight commit finishes, and the cloud has answered the 107 (or the time is up).
    public var enrollment: Duration
    /// The outbox's last flush while the session is still up.
    public var finalFlush: Duration
    /// The whole graceful shutdown; past it the remaining services are cancelled.
    public var total: Duration
    /// After `total`: how long cancelled services get before the daemon exits regardless.
    public var cancellation: Duration

    public init(enrollment: Duration, finalFlush: Duration, total: Duration, cancellation: Duration) {
        self.enrollment = enrollment
        self.finalFlush = finalFlush
        self.total = total
        self.cancellation = cancellation
    }

    /// 2 s + 1.5 s of steps within 4 s in all, then 0.5 s of cancellation: out by 4.5 s.
    public static let standard = ShutdownBudget(
        enrollment: .seconds(2), finalFlush: .milliseconds(1500), total: .seconds(4),
        cancellation: .milliseconds(500))
}
