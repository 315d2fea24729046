import Foundation
import Testing
import WeComDevice
import WeComDeviceTesting

/// The real `WSClientTransport` against a cloud that goes silent over loopback TCP (`SilentPeer`). Short
/// timeouts on the real clock; the tests assert what happened (the socket was dropped, the session
/// reconnected, `run()` returned), never how long it took.
@Suite(.timeLimit(.minutes(5))) struct SilentPeerTests {
    private let timeouts: ConnectionTimeouts

    init() throws {
        timeouts = try ConnectionTimeouts(connect: .milliseconds(500), send: .seconds(5), close: .milliseconds(200))
    }

    @Test func closeReturnsAndDropsTheSocketWhenTheCloseIsNeverAnswered() async throws {
        let peer = try SilentPeer(answersUpgrade: true)
        defer { peer.stop() }
        // A generous connect timeout: the peer does answer the upgrade.
        let transport = WSClientTransport(
            timeouts: try ConnectionTimeouts(connect: .seconds(30), close: .milliseconds(200)))
        let connection = try await transport.connect(to: peer.url)
        try await connection.send("{}")
        await connection.close()
        // close() returned without the peer's answer; the socket it gave up is closed.
        await peer.waitUntil { $0.closedByClient == 1 }
        #expect(peer.accepted == 1)
    }

    @Test func connectTimesOutWhenTheUpgradeIsNeverAnswered() async throws {
        let peer = try SilentPeer(answersUpgrade: false)
        defer { peer.stop() }
        let transport = WSClientTransport(timeouts: timeouts)
        await #expect(throws: WebSocketTimeoutError(operation: .connect, timeout: timeouts.connect)) {
            _ = try await transport.connect(to: peer.url)
        }
        // The half-open socket is not leaked.
        await peer.waitUntil { $0.closedByClient == 1 }
    }

    @Test func theSessionReconnectsToASilentPeerAndRunReturnsWhenCancelled() async throws {
        for answersUpgrade in [true, false] {
            let peer = try SilentPeer(answersUpgrade: answersUpgrade)
            defer { peer.stop() }
            let configuration = try WeComClientConfiguration(
                endpoint: peer.url, sn: "SN-0001", key: .secretNo("SECRETNO"), firmwareVersion: "1.2.3",
                requestTimeout: .milliseconds(200), reconnectInitialDelay: .milliseconds(50),
                reconnectMaxDelay: .milliseconds(50), timeouts: timeouts, reconnectJitter: 0)
            let client = WeComClient(
                configuration: configuration, credentials: InMemoryCredentialStore(),
                transport: WSClientTransport(timeouts: timeouts), logger: SessionHarness.quietLogger)
            let run = Task { await client.run() }
            // get_timestamp (or the upgrade) is never answered: the session gives the connection up and
            // connects again.
            await peer.waitUntil { $0.accepted >= 2 }
            run.cancel()
            await run.value
            #expect(await client.state == .disconnected)
            // The connection given up was closed, not leaked.
            await peer.waitUntil { $0.closedByClient >= 1 }
        }
    }
}
