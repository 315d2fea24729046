/// The daemon's control socket: a Unix-domain stream socket beside the status file through which
/// `attendctl` asks the running daemon to act. One request line, one reply line, then the daemon closes.
///
/// Request: the command word(s), e.g. `enroll cancel`. Reply: `ok ` or `no ` and a sentence for the
/// operator (`no` when the command found nothing to act on or failed).
public enum ControlSocket {
    /// The socket's file name, beside the status file.
    public static let fileName = "control.sock"
    /// Longest request line the daemon reads.
    public static let maxRequestBytes = 256
    /// Longest reply line the client reads.
    public static let maxReplyBytes = 4096
    /// How long the daemon waits for a connected client's request line.
    public static let requestTimeout: Duration = .seconds(1)
    /// How long `attendctl` waits for the reply: a cancel waits for the enrollment's end and the
    /// cloud's answer (the daemon bounds that by its `ShutdownBudget.enrollment`, well under this).
    public static let replyTimeout: Duration = .seconds(5)

    /// The socket beside `statusPath` (the daemon's `store.status_path`).
    public static func path(besidesStatusFile statusPath: String) -> String {
        SiblingPath.named(fileName, besides: statusPath)
    }
}

/// What `attendctl` can ask the daemon.
public enum ControlCommand: String, Sendable, CaseIterable {
    /// Cancel the running enrollment on the terminal (107 to the cloud).
    case enrollCancel = "enroll cancel"
}

/// The daemon's answer to one command.
public struct ControlReply: Sendable, Equatable {
    /// False when the command found nothing to act on, or failed.
    public var ok: Bool
    /// One line for the operator.
    public var message: String

    public init(ok: Bool, message: String) {
        self.ok = ok
        self.message = message
    }

    /// The reply line without its line break.
    var line: String {
        (ok ? "ok " : "no ") + message.replacingNewlines
    }

    /// Parses a reply line; nil when it is not one.
    init?(line: String) {
        if line.hasPrefix("ok ") {
            self.init(ok: true, message: String(line.dropFirst(3)))
        } else if line.hasPrefix("no ") {
            self.init(ok: false, message: String(line.dropFirst(3)))
        } else {
            return nil
        }
    }
}

extension String {
    fileprivate var replacingNewlines: String {
        String(map { $0.isNewline ? " " : $0 })
    }
}
