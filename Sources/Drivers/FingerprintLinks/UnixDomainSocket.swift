import FingerprintModule
import Glibc
import SystemSupport

/// Small helpers over the Linux socket calls for Unix-domain stream sockets. Every call here blocks;
/// call them only from dedicated threads.
public enum UnixDomainSocket {
    /// Longest path `sockaddr_un` holds (excluding the terminating NUL).
    public static var maxPathLength: Int { MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1 }

    /// The last OS error as text.
    public static func lastError(_ call: String) -> String {
        "\(call): \(String(cString: strerror(errno))) (errno \(errno))"
    }

    /// Runs `body` with a `sockaddr` for `path`, or throws when the path does not fit.
    public static func withAddress<T>(
        _ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T
    ) throws(ByteLinkError) -> T {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.count <= maxPathLength else {
            throw .io("socket path: expected 1-\(maxPathLength) bytes, got \(bytes.count)")
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                body($0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
    }

    /// A new stream socket descriptor.
    public static func makeStreamSocket() throws(ByteLinkError) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .io(lastError("socket")) }
        return fd
    }

    /// Writes all bytes, retrying when interrupted; never raises SIGPIPE.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(ByteLinkError) {
        var offset = 0
        while offset < bytes.count {
            let written = retryingOnInterrupt {
                bytes.withUnsafeBytes { raw in
                    send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                }
            }
            switch written {
            case .success(let count): offset += count
            case .failure(let error) where error.code == EPIPE || error.code == ECONNRESET: throw .closed
            case .failure(let error): throw .io(error.message("send"))
            }
        }
    }

    /// Waits until `fd` is readable or `milliseconds` pass; true when readable (or hung up).
    public static func waitReadable(_ fd: Int32, milliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, milliseconds)
        return ready > 0
    }
}
