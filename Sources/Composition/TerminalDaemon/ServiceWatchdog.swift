import ServiceLifecycle

/// Pings the service manager's watchdog (`WATCHDOG=1`) every `interval` while the daemon is healthy,
/// and withholds the ping while it is not, so that systemd restarts a daemon that is alive but stuck.
/// A process that is stopped or wedged sends nothing at all, which systemd treats the same way.
///
/// It is started first, so the graceful shutdown reaches it last: pings go on while the other parts stop.
public struct ServiceWatchdog: Service, CustomStringConvertible {
    /// Half systemd's timeout, as sd_watchdog_enabled(3) advises: one late turn does not cost a restart.
    public let interval: Duration
    private let check: @Sendable () async -> String?
    private let ping: @Sendable () -> Void
    private let report: @Sendable (String) -> Void
    private let clock: any Clock<Duration>

    /// `check` returns what is wrong, or nil when healthy; a check that does not answer within
    /// `interval` counts as unhealthy (the part it asks is stuck).
    public init(
        timeout: Duration, clock: any Clock<Duration> = ContinuousClock(),
        check: @escaping @Sendable () async -> String?, ping: @escaping @Sendable () -> Void,
        report: @escaping @Sendable (String) -> Void
    ) {
        interval = timeout / 2
        self.clock = clock
        self.check = check
        self.ping = ping
        self.report = report
    }

    public var description: String { "watchdog" }

    public func run() async throws {
        await cancelWhenGracefulShutdown { await pingWhileHealthy() }
    }

    private func pingWhileHealthy() async {
        var withheld: String?
        while !Task.isCancelled {
            let problem = await checkWithinInterval()
            if let problem {
                if withheld == nil { report("watchdog: not vouching for the daemon: \(problem)") }
            } else {
                if withheld != nil { report("watchdog: healthy again") }
                ping()
            }
            withheld = problem
            try? await clock.sleep(for: interval)
        }
    }

    private func checkWithinInterval() async -> String? {
        guard let answer = await BoundedWait.value(within: interval, clock: clock, check) else {
            return "the health check did not answer within \(interval)"
        }
        return answer
    }
}
