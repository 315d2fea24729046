/// Why the control socket could not be served or reached; each says what the operator can do.
public enum ControlSocketError: Error, Equatable, CustomStringConvertible {
    /// Nothing listens at the path: no daemon runs (or it runs with another status file).
    case noDaemon(path: String)
    /// Another process already answers at the path (a second daemon on the same files).
    case alreadyServed(path: String)
    /// The socket exists but this user may not connect to it.
    case permissionDenied(path: String)
    /// The daemon did not answer within the time.
    case noReply(path: String, timeout: Duration)
    /// The daemon answered something that is not a reply line.
    case badReply(path: String, got: String)
    /// A system call failed.
    case system(String)

    public var description: String {
        switch self {
        case .noDaemon(let path):
            "no attendanced is running: nothing answers on its control socket \(path)"
        case .alreadyServed(let path):
            "another attendanced already answers on \(path): stop it first (two daemons must not share a store)"
        case .permissionDenied(let path):
            "cannot reach the daemon's control socket \(path): permission denied (run as the daemon's user or a member of its group)"
        case .noReply(let path, let timeout):
            "the daemon did not answer on \(path) within \(timeout)"
        case .badReply(let path, let got):
            "the daemon's answer on \(path) is not a reply line: \(got)"
        case .system(let message):
            message
        }
    }
}
