#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// systemd's notification protocol (`sd_notify`), without libsystemd: one datagram of `KEY=VALUE`
/// lines to the Unix socket named by `$NOTIFY_SOCKET` (a path, or `@name` in the abstract namespace).
/// A daemon not started by systemd has no such variable and no notifier.
public struct ServiceManagerNotifier: Sendable {
    /// The socket's address as given: a file path, or `@` then an abstract name.
    public let socketAddress: String

    /// `sun_path`'s capacity; a longer address cannot be sent to.
    static let maximumAddressBytes = MemoryLayout.size(ofValue: sockaddr_un().sun_path)

    /// The notifier `$NOTIFY_SOCKET` names, or nil when it is unset or empty.
    public init?(environment: [String: String]) {
        guard let address = environment["NOTIFY_SOCKET"], !address.isEmpty else { return nil }
        self.init(socketAddress: address)
    }

    public init(socketAddress: String) {
        self.socketAddress = socketAddress
    }

    /// The watchdog timeout systemd set (`$WATCHDOG_USEC`) when it is meant for this process
    /// (`$WATCHDOG_PID`, when given, is `pid`); nil without a watchdog or with a value that is not one.
    public static func watchdogTimeout(environment: [String: String], pid: Int32 = getpid()) -> Duration? {
        if let owner = environment["WATCHDOG_PID"], Int32(owner) != pid { return nil }
        guard let text = environment["WATCHDOG_USEC"], let microseconds = UInt64(text), microseconds > 0 else {
            return nil
        }
        return .microseconds(Int64(clamping: microseconds))
    }

    /// Sends one notification, e.g. `"READY=1\nSTATUS=logged in"`. Never blocks (it runs on the cooperative
    /// pool): when the manager's queue is full the notification is refused with EAGAIN, and a watchdog
    /// ping is simply sent again next turn.
    public func send(_ state: String) throws(ServiceNotifyError) {
        let path = Array(socketAddress.utf8)
        guard path.first == UInt8(ascii: "/") || path.first == UInt8(ascii: "@") else {
            throw .address(socketAddress, "an absolute path or @abstract-name")
        }
        // A path needs its terminating NUL inside sun_path (abstract names are held to the same length).
        guard path.count < Self.maximumAddressBytes else {
            throw .address(socketAddress, "at most \(Self.maximumAddressBytes - 1) bytes")
        }

        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .system(SystemCallError(code: errno).message("socket")) }
        defer { close(descriptor) }

        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path)
            if path.first == UInt8(ascii: "@") { raw[0] = 0 }
        }
        let length = socklen_t(MemoryLayout.offset(of: \sockaddr_un.sun_path)! + path.count)
        let payload = Array(state.utf8)
        let sent = retryingOnInterrupt {
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    sendto(
                        descriptor, payload, payload.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT), socketAddress, length)
                }
            }
        }
        switch sent {
        case .failure(let error): throw .system(error.message("sendto \(socketAddress)"))
        case .success(let count) where count != payload.count:
            throw .system("sendto \(socketAddress): sent \(count) of \(payload.count) bytes")
        case .success: return
        }
    }
}

/// Why a notification to the service manager was not sent.
public enum ServiceNotifyError: Error, Equatable, CustomStringConvertible {
    /// `$NOTIFY_SOCKET` holds something that is not a socket address.
    case address(String, String)
    /// The socket call failed.
    case system(String)

    public var description: String {
        switch self {
        case .address(let given, let expected): "NOTIFY_SOCKET: expected \(expected), got \"\(given)\""
        case .system(let message): "notifying the service manager: \(message)"
        }
    }
}
