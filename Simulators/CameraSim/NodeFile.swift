import Glibc
import SystemSupport

/// The regular file umockdev uses as the camera node: the driver mmaps it, the simulator writes
/// frames into it at each buffer's offset.
final class NodeFile: Sendable {
    let path: String
    private let fd: Int32

    init(path: String) throws(CameraSimError) {
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw .nodeFileUnavailable(path: path, errno: errno) }
        self.path = path
        self.fd = fd
    }

    /// Grows (or shrinks) the file to `size` bytes; false on failure.
    func resize(to size: Int) -> Bool {
        ftruncate(fd, off_t(size)) == 0
    }

    /// Writes all of `bytes` at `offset`; false on failure.
    func write(_ bytes: [UInt8], at offset: Int) -> Bool {
        var done = 0
        while done < bytes.count {
            let written = retryingOnInterrupt {
                bytes.withUnsafeBytes { raw in
                    pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(offset + done))
                }
            }
            guard case .success(let count) = written, count > 0 else { return false }
            done += count
        }
        return true
    }

    deinit { close(fd) }
}
