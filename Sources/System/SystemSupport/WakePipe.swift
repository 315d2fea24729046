#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A non-blocking, close-on-exec pipe that wakes threads blocked in `poll`: poll `readFD` for POLLIN
/// beside the descriptors you wait for, and call `signal()` from another thread.
///
/// Left undrained, a signalled pipe stays readable for good, so every poller sees it (a stop signal);
/// `drain()` consumes the signals so the pipe can wake again later (a "something changed" signal).
/// The owner closes both ends with `closeDescriptors()`, once.
public struct WakePipe: Sendable {
    /// The end to poll for POLLIN.
    public let readFD: Int32
    /// The end `signal()` writes to.
    public let writeFD: Int32

    /// A new pipe; throws the errno of `pipe` when no descriptors are left.
    public init() throws(SystemCallError) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw SystemCallError(code: errno) }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        readFD = ends[0]
        writeFD = ends[1]
    }

    /// Makes the read end readable. A full pipe already guarantees a wake-up, so EAGAIN is ignored.
    public func signal() {
        var byte: UInt8 = 1
        _ = retryingOnInterrupt { write(writeFD, &byte, 1) }
    }

    /// Reads away every pending signal.
    public func drain() {
        var sink = [UInt8](repeating: 0, count: 64)
        while case .success(let count) = retryingOnInterrupt({ read(readFD, &sink, sink.count) }), count > 0 {}
    }

    /// Closes both ends.
    public func closeDescriptors() {
        close(readFD)
        close(writeFD)
    }
}
