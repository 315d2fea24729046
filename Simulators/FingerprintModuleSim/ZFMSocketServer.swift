import FingerprintModule
import Foundation
import Synchronization
import Glibc

/// Serves a `SimulatedZFMModule` on a Unix-domain stream socket, one client at a time, so that a
/// daemon in another process can reach it with `UnixSocketLink`. All socket I/O runs on one
/// dedicated thread that polls with a short timeout, so `shutdown` is prompt.
public final class ZFMSocketServer: Sendable {
    private struct Control {
        var started = false
        var stopping = false
        var finished = false
        var listenerClosed = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    /// The socket path.
    public let path: String
    /// The module served.
    public let module: SimulatedZFMModule
    private let listener: Int32
    private let control = Mutex(Control())
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
        let first = control.withLock { state in
            defer { state.started = true }
            return !state.started
        }
        guard first else { return }
        let thread = Thread { [self] in serveLoop() }
        thread.name = "ZFMSocketServer"
        thread.start()
    }

    /// Stops serving, disconnects the client, removes the socket file and waits for the thread.
    public func shutdown() async {
        let wasStarted = control.withLock { state in
            state.stopping = true
            return state.started
        }
        guard wasStarted else {
            closeListener()
            return
        }
        await withCheckedContinuation { continuation in
            let done = control.withLock { state in
                if state.finished { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    private var stopping: Bool { control.withLock { $0.stopping } }

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
        let waiters = control.withLock { state in
            state.finished = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    private func serve(_ client: Int32) {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while !stopping {
            guard UnixDomainSocket.waitReadable(client, milliseconds: Self.pollMilliseconds) else { continue }
            let count = chunk.withUnsafeMutableBytes { Glibc.read(client, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }
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
        let first = control.withLock { state in
            defer { state.listenerClosed = true }
            return !state.listenerClosed
        }
        guard first else { return }
        Glibc.close(listener)
        unlink(path)
    }
}
