import Crypto
import Foundation
import Synchronization

/// A cloud that goes silent over real loopback TCP: it accepts every connection, completes the WebSocket
/// upgrade (or, `answersUpgrade: false`, never answers it) and then never sends or reads another byte, but
/// keeps the socket open. It records how many connections it accepted and how many the client closed.
/// Blocking calls run on their own threads, polling every 50 ms; after `stop()` each ends and closes its
/// own socket. Only the thread that owns a descriptor touches it: a descriptor shut down or closed from
/// elsewhere may already be closed and its number reused by another test in the process (this once shut
/// down a fingerprint simulator's listening socket, and its next connect was refused).
final class SilentPeer: Sendable {
    let port: Int
    private let listener: Int32
    private let answersUpgrade: Bool
    private let state = Mutex(State())

    private struct State {
        var accepted = 0
        var closedByClient = 0
        var stopped = false
    }

    init(answersUpgrade: Bool) throws {
        self.answersUpgrade = answersUpgrade
        let (fd, port) = try listenOnLoopback(backlog: 8)
        listener = fd
        self.port = port
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    var url: URL { URL(string: "ws://127.0.0.1:\(port)/websocket")! }
    var accepted: Int { state.withLock { $0.accepted } }
    var closedByClient: Int { state.withLock { $0.closedByClient } }

    /// Polls (in real time; the suite's time limit bounds it) until `condition` holds.
    func waitUntil(_ condition: @Sendable (SilentPeer) -> Bool) async {
        while !condition(self) { try? await Task.sleep(for: .milliseconds(5)) }
    }

    /// Ends the threads; each closes its socket within 50 ms.
    func stop() {
        state.withLock { $0.stopped = true }
    }

    private var stopped: Bool { state.withLock { $0.stopped } }

    private func acceptLoop() {
        defer { close(listener) }
        while !stopped {
            guard readable(listener) else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            state.withLock { $0.accepted += 1 }
            Thread.detachNewThread { [self] in serve(client) }
        }
    }

    /// Answers the upgrade (when it does), then only watches for the client to close the socket.
    private func serve(_ client: Int32) {
        defer { close(client) }
        var request: [UInt8] = []
        var upgraded = !answersUpgrade
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !stopped {
            guard readable(client) else { continue }
            let count = recv(client, &buffer, buffer.count, 0)
            guard count > 0 else {
                if count == 0 { state.withLock { if !$0.stopped { $0.closedByClient += 1 } } }
                return
            }
            // After the upgrade every byte (frames, the close frame) is read and ignored.
            guard !upgraded else { continue }
            request += buffer.prefix(count)
            guard let head = String(bytes: request, encoding: .utf8), head.contains("\r\n\r\n") else { continue }
            let response = Self.upgradeResponse(to: head)
            _ = response.withCString { send(client, $0, strlen($0), 0) }
            upgraded = true
        }
    }

    /// Waits at most 50 ms for `socket` to become readable.
    private func readable(_ socket: Int32) -> Bool {
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 50) > 0
    }

    private static func upgradeResponse(to head: String) -> String {
        let key =
            head.split(separator: "\r\n")
            .first { $0.lowercased().hasPrefix("sec-websocket-key:") }
            .map { $0.dropFirst("sec-websocket-key:".count).trimmingCharacters(in: .whitespaces) } ?? ""
        let digest = Insecure.SHA1.hash(data: Data((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8))
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: \(Data(digest).base64EncodedString())\r\n\r\n"
    }
}
