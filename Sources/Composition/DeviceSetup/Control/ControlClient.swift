import FingerprintLinks
import Glibc
import SystemSupport

/// `attendctl`'s end of the control socket: one command, one reply. Blocking: call it from a command,
/// not from the cooperative pool.
public enum ControlClient {
    /// Sends `command` to the daemon listening at `path` and returns its reply.
    public static func send(
        _ command: ControlCommand, to path: String, timeout: Duration = ControlSocket.replyTimeout
    ) throws(ControlSocketError) -> ControlReply {
        let fd = try connect(path)
        defer { Glibc.close(fd) }
        let seconds = timeout.components.seconds
        let microseconds = timeout.components.attoseconds / 1_000_000_000_000
        var limit = timeval(tv_sec: Int(seconds), tv_usec: Int(microseconds))
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        do {
            try UnixDomainSocket.writeAll(fd, Array((command.line + "\n").utf8))
        } catch {
            throw .system("control socket \(path): \(error)")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 512)
        while bytes.count < ControlSocket.maxReplyBytes, !bytes.contains(UInt8(ascii: "\n")) {
            switch retryingOnInterrupt({ chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) } }) {
            case .success(let count) where count > 0:
                bytes += chunk[0..<count]
            case .success:
                guard !bytes.isEmpty else { throw .badReply(path: path, got: "nothing (the daemon closed the socket)") }
                return try reply(bytes, path: path)
            case .failure(let error) where error.code == EAGAIN || error.code == EWOULDBLOCK:
                throw .noReply(path: path, timeout: timeout)
            case .failure(let error):
                throw .system(error.message("control socket \(path): recv"))
            }
        }
        return try reply(bytes, path: path)
    }

    private static func reply(_ bytes: [UInt8], path: String) throws(ControlSocketError) -> ControlReply {
        let line = String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        guard let reply = ControlReply(line: line) else { throw .badReply(path: path, got: String(line.prefix(120))) }
        return reply
    }

    /// A connected descriptor, or the reason no daemon can be reached at `path`.
    static func connect(_ path: String) throws(ControlSocketError) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .system(UnixDomainSocket.lastError("socket")) }
        let status: Int32
        do {
            status = try UnixDomainSocket.withAddress(path) { address, length in Glibc.connect(fd, address, length) }
        } catch {
            Glibc.close(fd)
            throw .system("control socket \(path): \(error)")
        }
        guard status == 0 else {
            let code = errno
            Glibc.close(fd)
            switch code {
            case ENOENT, ECONNREFUSED, ENOTDIR: throw .noDaemon(path: path)
            case EACCES, EPERM: throw .permissionDenied(path: path)
            default: throw .system(SystemCallError(code: code).message("connect \(path)"))
            }
        }
        return fd
    }
}
