import Foundation
import Synchronization
import Testing
import WeComDevice
import WeComDeviceTesting

/// The session's own bounds, on the test clock: reconnect back-off, a connection that never closes, a connect
/// that never completes, a peer that stops answering.
@Suite(.timeLimit(.minutes(5))) struct SessionTimeoutTests {
    private let stored = DeviceCredentials(activeCode: "AC", secret: "S")

    @Test func backoffGrowsWhileLoginsDropAtOnceAndResetsOnlyAfter60SecondsUp() async throws {
        let harness = try SessionHarness(credentials: stored)
        // Login, then an immediate drop, again and again: 1, 2, 4 s.
        for delay in [1, 2, 4] {
            let cloud = try await harness.nextConnection()
            try await harness.logInWithStoredCredentials(cloud)
            cloud.drop()
            await harness.recorder.waitFor(.waitingToReconnect(delay: .seconds(delay)))
            await harness.clock.advance(by: .seconds(delay))
        }
        // 59 s up is not enough.
        let short = try await harness.nextConnection()
        try await harness.logInWithStoredCredentials(short)
        try await answerPings(on: short, harness, count: 1)
        await harness.clock.advance(by: .seconds(29))
        await settle()
        short.drop()
        await harness.recorder.waitFor(.waitingToReconnect(delay: .seconds(8)))
        await harness.clock.advance(by: .seconds(8))
        // 60 s up is: the next drop starts again at 1 s.
        let long = try await harness.nextConnection()
        try await harness.logInWithStoredCredentials(long)
        try await answerPings(on: long, harness, count: 2)
        long.drop()
        await harness.recorder.waitFor(.waitingToReconnect(delay: .seconds(1)))
        await harness.stop()
    }

    @Test func aPeerThatStopsAnsweringIsGivenUpByThePing() async throws {
        let harness = try SessionHarness(credentials: stored)
        let cloud = try await harness.nextConnection()
        try await harness.logInWithStoredCredentials(cloud)
        await harness.clock.advance(by: .seconds(30))
        _ = try await cloud.expect("ping")
        // No answer, nothing else arrives: after the request timeout the session reconnects.
        await harness.clock.advance(by: .seconds(10))
        await harness.recorder.waitFor(.waitingToReconnect(delay: .seconds(1)))
        await harness.clock.advance(by: .seconds(1))
        try await harness.logInWithStoredCredentials(try await harness.nextConnection())
        await harness.stop()
    }

    @Test func aCallersRequestLeftUnansweredReconnectsAtOnceNotAtTheNextPing() async throws {
        let harness = try SessionHarness(credentials: stored)
        let cloud = try await harness.nextConnection()
        try await harness.logInWithStoredCredentials(cloud)
        let request = Task { try await harness.client.send(GetPermVersion()) }
        _ = try await cloud.expect("get_perm_version")
        // No answer: at the request timeout (10 s, well before the ping at 30 s) the session reconnects.
        await harness.clock.advance(by: .seconds(10))
        await #expect(throws: WeComError.self) { try await request.value }
        await harness.recorder.waitFor(.waitingToReconnect(delay: .seconds(1)))
        await harness.clock.advance(by: .seconds(1))
        try await harness.logInWithStoredCredentials(try await harness.nextConnection())
        await harness.stop()
    }

    @Test func aCloseThatNeverReturnsBlocksNeitherTheReconnectNorCancellation() async throws {
        let harness = try SessionHarness(credentials: stored) { HangingTransport(inner: $0, hangs: .close) }
        let first = try await harness.nextConnection()
        try await harness.logInWithStoredCredentials(first)
        first.drop()
        // The session waits for the close at most `timeouts.close` (2 s), then reconnects after its back-off.
        await settle()
        #expect(await harness.recorder.last == .loggedIn)
        await harness.clock.advance(by: ConnectionTimeouts.default.close)
        await harness.recorder.waitFor(.waitingToReconnect(delay: .seconds(1)))
        await harness.clock.advance(by: .seconds(1))
        let second = try await harness.nextConnection()
        try await harness.logInWithStoredCredentials(second)

        // Cancelling run() closes the connection, whose close hangs again: run() returns after `timeouts.close`.
        let stopped = Task { await harness.stop() }
        await settle()
        await harness.clock.advance(by: ConnectionTimeouts.default.close)
        await stopped.value
        #expect(await harness.recorder.last == .disconnected)
    }

    @Test func aConnectThatNeverCompletesIsGivenUpAfterItsTimeout() async throws {
        let harness = try SessionHarness(credentials: stored) { HangingTransport(inner: $0, hangs: .firstConnect) }
        await harness.recorder.waitFor(.connecting)
        await harness.clock.advance(by: ConnectionTimeouts.default.connect)
        await harness.recorder.waitFor(.waitingToReconnect(delay: .seconds(1)))
        await harness.clock.advance(by: .seconds(1))
        try await harness.logInWithStoredCredentials(try await harness.nextConnection())
        await harness.stop()
    }

    @Test func cancellingRunReturnsWhileAConnectHangs() async throws {
        let harness = try SessionHarness(credentials: stored) { HangingTransport(inner: $0, hangs: .firstConnect) }
        await harness.recorder.waitFor(.connecting)
        await harness.stop()
        #expect(await harness.recorder.last == .disconnected)
    }

    @Test func aSendThatNeverCompletesIsBoundedByTheRequestTimeout() async throws {
        let harness = try SessionHarness(credentials: stored) { HangingTransport(inner: $0, hangs: .firstSend) }
        await harness.recorder.waitFor(.connecting)
        await settle()
        // get_timestamp's send never completes: the request times out and the session connects again.
        await harness.clock.advance(by: .seconds(10))
        await harness.recorder.waitFor(.waitingToReconnect(delay: .seconds(1)))
        await harness.clock.advance(by: .seconds(1))
        _ = try await harness.nextConnection()  // the first connection's endpoint
        try await harness.logInWithStoredCredentials(try await harness.nextConnection())
        await harness.stop()
    }

    /// Answers `count` pings, each 30 s after the previous one (the first 30 s after the login).
    private func answerPings(on cloud: CloudConnection, _ harness: SessionHarness, count: Int) async throws {
        for _ in 0..<count {
            await harness.clock.advance(by: .seconds(30))
            cloud.reply(to: try await cloud.expect("ping"))
            await settle()
        }
    }
}

/// A transport whose first connect, the first connection's sends, or every close never completes (ignoring
/// cancellation too).
final class HangingTransport: WebSocketTransport {
    enum Hang: Sendable { case firstConnect, firstSend, close }
    let inner: any WebSocketTransport
    let hangs: Hang
    private let connects = Mutex(0)

    init(inner: any WebSocketTransport, hangs: Hang) {
        self.inner = inner
        self.hangs = hangs
    }

    func connect(to url: URL) async throws -> any WebSocketConnection {
        let attempt = connects.withLock { count in
            defer { count += 1 }
            return count
        }
        if hangs == .firstConnect && attempt == 0 {
            await hangForever()
            throw WebSocketClosedError()
        }
        let connection = try await inner.connect(to: url)
        switch hangs {
        case .firstConnect: return connection
        case .firstSend: return attempt == 0 ? HangingConnection(inner: connection, hangsOnSend: true) : connection
        case .close: return HangingConnection(inner: connection, hangsOnSend: false)
        }
    }
}

/// Passes everything through, but `send` never returns (`hangsOnSend`), or `close()` closes the inner
/// connection and then never returns.
struct HangingConnection: WebSocketConnection {
    let inner: any WebSocketConnection
    let hangsOnSend: Bool
    var inbound: AsyncThrowingStream<String, any Error> { inner.inbound }
    var binaryInbound: AsyncStream<Data> { inner.binaryInbound }
    func send(_ text: String) async throws {
        guard !hangsOnSend else { return await hangForever() }
        try await inner.send(text)
    }
    func close() async {
        await inner.close()
        if !hangsOnSend { await hangForever() }
    }
}

/// Suspends for a day, whatever happens to the calling task.
private func hangForever() async {
    await Task { try? await Task.sleep(for: .seconds(86_400)) }.value
}
