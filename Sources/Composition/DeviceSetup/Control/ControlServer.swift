import FingerprintLinks
import Glibc
import Synchronization
import SystemSupport

/// The daemon's end of the control socket (see `ControlSocket`): serves up to `ControlSocket.maxClients`
/// clients at once (an `enroll local` waits for its enrollment, an `enroll cancel` must still get
/// through), reads each one's request line within `ControlSocket.requestTimeout`, answers it and
/// closes. Every descriptor is non-blocking and waited for with short sleeps, so serving never blocks
/// the cooperative pool; when its task is cancelled the handlers still running are cancelled too and
/// serving ends once they have answered.
public final class ControlServer: Sendable {
    public let path: String
    private let listener: Int32
    private let closed = Mutex(false)
    /// Clients being answered now.
    private let active = Mutex(0)
    private static let idlePause: Duration = .milliseconds(100)
    private static let readPause: Duration = .milliseconds(10)
    /// rw for the daemon's user and group (the operators' group), nothing for others.
    static let mode: mode_t = 0o660

    /// Binds and listens on `path` (creating its folder 0750 when missing), replacing a stale socket
    /// file left by a daemon that died; refuses when a live daemon answers there.
    public init(path: String) throws(ControlSocketError) {
        do {
            try PrivateFiles.createDirectories(SiblingPath.directory(of: path))
        } catch {
            throw .system("control socket \(path): \(error)")
        }
        if (try? ControlClient.connect(path)).map({ Glibc.close($0) }) != nil {
            throw .alreadyServed(path: path)
        }
        let fd = socket(
            AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .system(UnixDomainSocket.lastError("socket")) }
        unlink(path)
        let bound: Int32
        do {
            bound = try UnixDomainSocket.withAddress(path) { address, length in bind(fd, address, length) }
        } catch {
            Glibc.close(fd)
            throw .system("control socket \(path): \(error)")
        }
        guard bound == 0, chmod(path, Self.mode) == 0, listen(fd, 4) == 0 else {
            let message = UnixDomainSocket.lastError("control socket \(path)")
            Glibc.close(fd)
            throw .system(message)
        }
        self.path = path
        listener = fd
    }

    deinit {
        close()
    }

    /// Serves until the calling task is cancelled, then closes the socket and removes its file.
    public func serve(_ handler: @escaping @Sendable (ControlCommand) async -> ControlReply) async {
        defer { close() }
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                let full = self.active.withLock { $0 >= ControlSocket.maxClients }
                let client = full ? -1 : accept(listener, nil, nil)
                guard client >= 0 else {
                    do { try await Task.sleep(for: Self.idlePause) } catch { return }
                    continue
                }
                _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
                self.active.withLock { $0 += 1 }
                group.addTask {
                    await self.answer(client, handler)
                    Glibc.close(client)
                    self.active.withLock { $0 -= 1 }
                }
            }
        }
    }

    private func answer(_ client: Int32, _ handler: @Sendable (ControlCommand) async -> ControlReply) async {
        guard let request = await readLine(client) else { return }
        let reply: ControlReply
        do {
            reply = await handler(try ControlCommand(line: request.trimmingSpaces))
        } catch {
            reply = ControlReply(ok: false, message: error.description)
        }
        try? UnixDomainSocket.writeAll(client, Array((reply.line + "\n").utf8))
    }

    /// The request line, nil when the client sends none within the time (or too long a line).
    private func readLine(_ client: Int32) async -> String? {
        let deadline = ContinuousClock.now + ControlSocket.requestTimeout
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: ControlSocket.maxRequestBytes)
        while ContinuousClock.now < deadline, bytes.count <= ControlSocket.maxRequestBytes {
            let outcome = retryingOnInterrupt {
                chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            }
            switch outcome {
            case .success(let count) where count > 0:
                bytes += chunk[0..<count]
                if let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) {
                    return String(decoding: bytes[..<newline], as: UTF8.self)
                }
            case .success:
                return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
            case .failure(let error) where error.code == EAGAIN || error.code == EWOULDBLOCK:
                do { try await Task.sleep(for: Self.readPause) } catch { return nil }
            case .failure:
                return nil
            }
        }
        return nil
    }

    private func close() {
        let first = closed.withLock { closed in
            defer { closed = true }
            return !closed
        }
        guard first else { return }
        Glibc.close(listener)
        unlink(path)
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text = text.dropFirst() }
        while text.last?.isWhitespace == true { text = text.dropLast() }
        return String(text)
    }
}
