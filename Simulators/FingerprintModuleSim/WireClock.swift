import Glibc

/// Where a `WirePacer` reads the time and how it waits. Waiting blocks the calling thread: pacing runs
/// on a simulator's serving thread (or answers a poll), never on the cooperative pool.
public protocol WireClock: Sendable {
    /// Monotonic time since an arbitrary origin.
    var now: Duration { get }
    /// Blocks the calling thread until `now` has reached `deadline`.
    func sleep(until deadline: Duration)
}

/// CLOCK_MONOTONIC, waited on with nanosleep.
public struct MonotonicWireClock: WireClock {
    public init() {}

    public var now: Duration {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }

    public func sleep(until deadline: Duration) {
        while true {
            let left = deadline - now
            guard left > .zero else { return }
            let (seconds, attoseconds) = left.components
            var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
            _ = nanosleep(&request, nil)
        }
    }
}

/// Whether a simulated module's UART output takes the time its wire would.
public enum WirePacing: Sendable {
    /// Bytes cross at memory speed (fast tests; the default of every in-process harness).
    case off
    /// Bytes cross no faster than the line's baud rate and frame format allow, timed by `clock`.
    case on(any WireClock)

    /// Paced in real time.
    public static var realTime: WirePacing { .on(MonotonicWireClock()) }

    /// The clock, nil when pacing is off.
    public var clock: (any WireClock)? {
        switch self {
        case .off: nil
        case .on(let clock): clock
        }
    }

    /// Whether pacing is on.
    public var isOn: Bool { clock != nil }
}
