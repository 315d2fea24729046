/// Failures of a byte link.
public enum ByteLinkError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No byte arrived within the read timeout.
    case timeout(Duration)
    /// The link (or its peer) was closed.
    case closed
    /// The operating system reported an error.
    case io(String)
    /// A second read was started while one was waiting; a link has one reader.
    case concurrentRead
    /// The waiting task was cancelled.
    case cancelled
    /// More than `limit` bytes arrived while nobody read: the buffered bytes and the arrival that did not fit
    /// (`discardedBytes` in all) were dropped. Reported once, by the next read; later reads work again.
    case overflow(limit: Int, discardedBytes: Int)

    public var description: String {
        switch self {
        case .timeout(let after): "no data within \(after)"
        case .closed: "link closed"
        case .io(let why): "I/O error: \(why)"
        case .concurrentRead: "a read is already waiting on this link (expected one reader)"
        case .cancelled: "read cancelled"
        case .overflow(let limit, let discarded):
            "input overflow: more than \(limit) bytes arrived while nobody read; \(discarded) bytes discarded"
        }
    }
}

/// An abstract full-duplex byte link to a module (USB bulk pipe, UART, socket, in-process pair).
public protocol ByteLink: Sendable {
    /// Sends all bytes.
    func write(_ bytes: [UInt8]) async throws
    /// Returns the bytes available now (at least one), waiting at most `timeout`; throws
    /// `ByteLinkError.timeout` when nothing arrived and `.closed` once the link is closed.
    func read(timeout: Duration) async throws -> [UInt8]
    /// Closes the link; pending and later reads fail with `.closed`.
    func close() async
}
