/// How a recovering fingerprint module (`FingerprintDevice.recovering`) looks for a module that is away.
public struct FingerprintRecoverySettings: Sendable, Equatable {
    /// While the module is absent it is reopened this often, besides on every call and, for USB links,
    /// on every hotplug arrival of a matching device; while it is there and idle it is probed this often.
    /// Zero or less: no timer (reopened on calls and hotplug only).
    public var retryInterval: Duration
    /// Whether an idle module is probed (one ReadSysPara), so that one gone between enrollments shows as
    /// absent before the next push. Off for tests that inject one-shot module faults and must not have
    /// a probe take them.
    public var probesWhileIdle: Bool
    /// A USB device hotplug reports arriving is opened at once and, while that fails (its node or
    /// permissions still being set up), up to this many times in all,
    public var arrivalAttempts: Int
    /// this far apart.
    public var arrivalRetryDelay: Duration

    /// Every 5 s, probing while idle (an open attempt or a ReadSysPara costs next to nothing, and
    /// presence in the status file follows the module within that time); an arriving USB device is
    /// tried 3 times, 500 ms apart.
    public static let `default` = FingerprintRecoverySettings(
        retryInterval: .seconds(5), probesWhileIdle: true, arrivalAttempts: 3, arrivalRetryDelay: .milliseconds(500))

    public init(retryInterval: Duration, probesWhileIdle: Bool, arrivalAttempts: Int, arrivalRetryDelay: Duration) {
        self.retryInterval = retryInterval
        self.probesWhileIdle = probesWhileIdle
        self.arrivalAttempts = arrivalAttempts
        self.arrivalRetryDelay = arrivalRetryDelay
    }
}

/// Why a recovering fingerprint module did not run a call.
public enum FingerprintRecoveryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The module is not there: opening it failed just now for `why`.
    case absent(String)
    /// The device was closed (the daemon is stopping).
    case closed

    public var description: String {
        switch self {
        case .absent(let why): "fingerprint module absent: \(why)"
        case .closed: "fingerprint module closed"
        }
    }
}
