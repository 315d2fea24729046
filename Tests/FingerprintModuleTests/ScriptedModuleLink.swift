import FingerprintModule
import Synchronization

/// A module that answers from a script, for crafted replies: each command written takes the next scripted
/// reply, and a reply may be followed by an endless stream (the same chunk on every read) until
/// `stopStreaming`. Reads return queued bytes first, then the stream; with neither they time out at once,
/// so no test waits on the wall clock.
final class ScriptedModuleLink: ByteLink {
    struct Reply: Sendable {
        var bytes: [UInt8]
        var thenEndlessly: [UInt8]?
    }

    private struct State {
        var replies: [Reply] = []
        var queued: [UInt8] = []
        var stream: [UInt8]?
        var commands: [[UInt8]] = []
    }

    private let state = Mutex(State())

    /// Queues the reply to the next command not yet answered.
    func reply(_ bytes: [UInt8], thenEndlessly stream: [UInt8]? = nil) {
        state.withLock { $0.replies.append(Reply(bytes: bytes, thenEndlessly: stream)) }
    }

    /// Ends the endless stream (the device goes quiet).
    func stopStreaming() {
        state.withLock { $0.stream = nil }
    }

    /// Every command written so far.
    var commands: [[UInt8]] { state.withLock { $0.commands } }

    func write(_ bytes: [UInt8]) async throws {
        state.withLock { state in
            state.commands.append(bytes)
            guard !state.replies.isEmpty else { return }
            let reply = state.replies.removeFirst()
            state.queued += reply.bytes
            if let stream = reply.thenEndlessly { state.stream = stream }
        }
    }

    func read(timeout: Duration) async throws -> [UInt8] {
        let next: [UInt8]? = state.withLock { state in
            if !state.queued.isEmpty {
                defer { state.queued = [] }
                return state.queued
            }
            return state.stream
        }
        guard let next else { throw ByteLinkError.timeout(timeout) }
        return next
    }

    func close() async {}
}

/// An acknowledge packet from the factory address: confirmation code then `body`.
func ack(_ code: UInt8 = 0x00, _ body: [UInt8] = []) -> [UInt8] {
    ZFMPacket(kind: .acknowledge, payload: [code] + body).encoded()
}

/// A data packet (PID 02) of `count` bytes.
func dataPacket(_ count: Int, kind: ZFMPacketKind = .data) -> [UInt8] {
    ZFMPacket(kind: kind, payload: (0..<count).map { UInt8(truncatingIfNeeded: $0) }).encoded()
}
