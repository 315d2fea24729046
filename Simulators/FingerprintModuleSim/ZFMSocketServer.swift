import FingerprintLinks
import FingerprintModule
import Foundation
import Glibc
import Synchronization
import SystemSupport

/// Serves a `SimulatedZFMModule` on a Unix-domain stream socket, one client at a time, so that a
/// daemon in another process can reach it with `UnixSocketLink`. All socket I/O runs on one
/// dedicated thread that polls with a short timeout, so `shutdown` is prompt.
public final class ZFMSocketServer: Sendable {
    /// The socket path.
    public let path: String
    /// The module served.
    public let module: SimulatedZFMModule
    private let listener: Int32
    private let thread = ServingThread(name: "ZFMSocketServer")
    private let listenerClosed = Mutex(false)
    private static let pollMilliseconds: Int32 = 50

    /// Binds and listens on `path` (replacing a stale socket file there). Call `start` to serve.
    public init(module: SimulatedZFMModule, path: String) throws(ByteLinkError) {
        self.module = module
        self.path = path
        let fd = try UnixDomainSocket.makeStreamSocket()
        unlink(path)
        let bound = try UnixDomainSocket.withAddress(path) { address, length in bind(fd, address, length) }
        guard bound == 0, listen(fd, 4) == 0 else {
            let message = UnixDomainSocket.lastError("bind/listen \(path)")
            Glibc.close(fd)
            throw .io(message)
        }
        listener = fd
    }

    /// Starts the serving thread (once).
    public func start() {
        thread.start { [self] in serveLoop() }
    }

    /// Stops serving, disconnects the client, removes the socket file and waits for the thread.
    public func shutdown() async {
        if !(await thread.stop()) { closeListener() }
    }

    private var stopping: Bool { thread.isStopping }

    private func serveLoop() {
        while !stopping {
            guard UnixDomainSocket.waitReadable(listener, milliseconds: Self.pollMilliseconds) else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            module.resetConnection()
            serve(client)
            Glibc.close(client)
        }
        closeListener()
    }

    private func serve(_ client: Int32) {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while !stopping {
            guard UnixDomainSocket.waitReadable(client, milliseconds: Self.pollMilliseconds) else { continue }
            let outcome = retryingOnInterrupt {
                chunk.withUnsafeMutableBytes { Glibc.read(client, $0.baseAddress, $0.count) }
            }
            guard case .success(let count) = outcome, count > 0 else { return }
            let reply = module.receive(Array(chunk[0..<count]))
            guard !reply.isEmpty else { continue }
            do {
                try UnixDomainSocket.writeAll(client, reply)
            } catch {
                return
            }
        }
    }

    private func closeListener() {
        let first = listenerClosed.withLock { closed in
            defer { closed = true }
            return !closed
        }
        guard first else { return }
        Glibc.close(listener)
        unlink(path)
    }
}
