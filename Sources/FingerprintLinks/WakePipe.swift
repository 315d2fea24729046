import FingerprintModule
import Glibc

/// A pipe that wakes threads blocked in `poll`: once signalled its read end stays readable, so every
/// poller (reader thread, writer) sees it. Descriptors are closed by `closeDescriptors`.
struct WakePipe: Sendable {
    let readFD: Int32
    let writeFD: Int32

    /// A new non-blocking pipe.
    init() throws(ByteLinkError) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw .io(TTYDevice.errorText("pipe")) }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        readFD = fds[0]
        writeFD = fds[1]
    }

    /// Makes the read end readable for good.
    func signal() {
        var byte: UInt8 = 1
        _ = Glibc.write(writeFD, &byte, 1)
    }

    func closeDescriptors() {
        Glibc.close(readFD)
        Glibc.close(writeFD)
    }
}
