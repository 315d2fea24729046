/// How long each step of a graceful shutdown (SIGTERM, SIGINT) may take. The steps run one after the
/// other (with the session's own bounded close between the flush and the devices); `attendanced` caps
/// the whole with `total` and exits past `total + cancellation` whatever still runs.
public struct ShutdownBudget: Sendable, Equatable {
    /// Cancelling the running enrollment on the terminal (107) and waiting until it has ended: an
    /// in-flight commit finishes, and the cloud has answered the 107 (or the time is up).
    public var enrollment: Duration
    /// The outbox's last flush while the session is still up.
    public var finalFlush: Duration
    /// Releasing the fingerprint module and the camera.
    public var devices: Duration
    /// Closing the store (SQLite's last checkpoint).
    public var store: Duration
    /// The whole graceful shutdown; past it the remaining services are cancelled.
    public var total: Duration
    /// After `total`: how long cancelled services get before the daemon exits regardless.
    public var cancellation: Duration

    public init(
        enrollment: Duration, finalFlush: Duration, devices: Duration, store: Duration, total: Duration,
        cancellation: Duration
    ) {
        self.enrollment = enrollment
        self.finalFlush = finalFlush
        self.devices = devices
        self.store = store
        self.total = total
        self.cancellation = cancellation
    }

    /// Each step's own limit is its worst case; together they are capped by `total` (4 s), then 0.5 s of
    /// cancellation: out by 4.5 s, under the 5 s a service manager waits. Against a silent cloud: 1.5 s
    /// for the 107's answer, then the client's bounded close (2 s), then devices and store.
    public static let standard = ShutdownBudget(
        enrollment: .milliseconds(1500), finalFlush: .seconds(1), devices: .seconds(1), store: .milliseconds(500),
        total: .seconds(4), cancellation: .milliseconds(500))
}
