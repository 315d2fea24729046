import Biometrics
import Clocks
import Foundation
import JSONSupport
import Logging
import Testing
import WeComDevice
import WeComDeviceTesting

/// The cloud side of one in-memory connection: buffers what the device sends and answers by hand.
actor CloudConnection {
    nonisolated let endpoint: InMemoryServerEndpoint
    private var buffer: [String] = []
    private var waiter: CheckedContinuation<String?, Never>?
    private var closed = false

    init(_ endpoint: InMemoryServerEndpoint) {
        self.endpoint = endpoint
    }

    func startPump() {
        Task {
            for await text in endpoint.received { self.deliver(text) }
            self.finish()
        }
    }

    private func deliver(_ text: String) {
        if let waiter {
            self.waiter = nil
            waiter.resume(returning: text)
        } else {
            buffer.append(text)
        }
    }

    private func finish() {
        closed = true
        waiter?.resume(returning: nil)
        waiter = nil
    }

    /// Frames received but not yet read.
    var bufferedCount: Int { buffer.count }

    /// The next frame the device sent, decoded as a request.
    func nextRequest() async throws -> RequestEnvelope {
        let text: String?
        if !buffer.isEmpty {
            text = buffer.removeFirst()
        } else if closed {
            text = nil
        } else {
            text = await withCheckedContinuation { waiter = $0 }
        }
        guard let text else { throw FakeCloudError.closed }
        return try RequestEnvelope.decode(text)
    }

    /// Reads the next request and requires its `cmd`.
    /// The next request, which must be `cmd`. Returns once the client has run on to its next suspension:
    /// it sends a request just before it starts the request's timeout on the test clock, and a test that
    /// advanced the clock before that would wait for ever.
    func expect(_ cmd: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> RequestEnvelope {
        let request = try await nextRequest()
        try #require(request.cmd == cmd, "expected \(cmd), got \(request.cmd)", sourceLocation: sourceLocation)
        await settle()
        return request
    }

    nonisolated func reply(
        to request: RequestEnvelope, errcode: Int = 0, errmsg: String = "ok", body: JSONObject? = nil
    ) {
        endpoint.send(ResponseEnvelope(reqID: request.reqID, errcode: errcode, errmsg: errmsg, body: body).encoded())
    }

    nonisolated func push(_ cmd: String, body: JSONObject? = nil) {
        endpoint.send(PushEnvelope(cmd: cmd, reqID: "push-\(cmd)", body: body).encoded())
    }

    nonisolated func drop() { endpoint.drop() }
}

enum FakeCloudError: Error { case closed, noConnection }

/// A running `WeComClient` over the in-memory transport, a `TestClock` and an in-memory store.
final class SessionHarness: Sendable {
    static let wallTime = Date(timeIntervalSince1970: 1_700_000_000)
    static let quietLogger: Logger = {
        var logger = Logger(label: "wecom-device-test")
        logger.logLevel = .critical
        return logger
    }()

    let clock = TestClock<Duration>()
    let transport = InMemoryWebSocketTransport()
    let store: InMemoryCredentialStore
    let client: WeComClient
    let recorder = StateRecorder()
    private let endpoints: EndpointQueue
    private let runTask: Task<Void, Never>
    private let stateTask: Task<Void, Never>

    /// `wrap` may put the in-memory transport behind one that misbehaves.
    init(
        key: DeviceKey = .secretNo("SECRETNO"), credentials: DeviceCredentials = DeviceCredentials(),
        fingerprintAlgorithms: [AlgorithmID] = [.zfmModule], maxPhotoBytes: Int = 8 << 20,
        wrap: (InMemoryWebSocketTransport) -> any WebSocketTransport = { $0 }
    ) throws {
        store = InMemoryCredentialStore(credentials)
        let configuration = try WeComClientConfiguration(
            endpoint: URL(string: "ws://127.0.0.1:9000/websocket")!, sn: "SN-0001", key: key,
            firmwareVersion: "1.2.3", fingerprintAlgorithms: fingerprintAlgorithms,
            reconnectJitter: 0, maxPhotoBytes: maxPhotoBytes)
        client = WeComClient(
            configuration: configuration, credentials: store, transport: wrap(transport), clock: clock,
            wallClock: { SessionHarness.wallTime }, logger: Self.quietLogger)
        endpoints = EndpointQueue(transport.serverEndpoints)
        let client = client
        let recorder = recorder
        runTask = Task { await client.run() }
        stateTask = Task { for await state in client.states { await recorder.append(state) } }
    }

    func nextConnection() async throws -> CloudConnection {
        guard let endpoint = await endpoints.next() else { throw FakeCloudError.noConnection }
        let connection = CloudConnection(endpoint)
        await connection.startPump()
        return connection
    }

    /// Answers `get_timestamp` and `subscribe_corp` of a device whose credentials are stored.
    func logInWithStoredCredentials(_ connection: CloudConnection) async throws {
        let timestamp = try await connection.expect("get_timestamp")
        connection.reply(to: timestamp, body: ["timestamp": .integer(1_700_000_000)])
        let subscribe = try await connection.expect("subscribe_corp")
        connection.reply(to: subscribe)
        await recorder.waitFor(.loggedIn)
    }

    func stop() async {
        runTask.cancel()
        await runTask.value
        await stateTask.value
    }
}

actor EndpointQueue {
    private var iterator: AsyncStream<InMemoryServerEndpoint>.Iterator
    init(_ stream: AsyncStream<InMemoryServerEndpoint>) { iterator = stream.makeAsyncIterator() }
    /// Called by one test task at a time.
    func next() async -> InMemoryServerEndpoint? {
        var local = iterator
        let endpoint = await local.next(isolation: self)
        iterator = local
        return endpoint
    }
}

/// Collects every published state.
actor StateRecorder {
    private(set) var states: [SessionState] = []

    func append(_ state: SessionState) { states.append(state) }

    var last: SessionState? { states.last }

    /// Waits (in real time, at most 60 s) until the latest state is `state`.
    func waitFor(_ state: SessionState, sourceLocation: SourceLocation = #_sourceLocation) async {
        await waitUntil("\(state)", sourceLocation) { $0.last == state }
    }

    /// Waits until `state` has been published `count` times in total.
    func waitForOccurrence(_ state: SessionState, count: Int, sourceLocation: SourceLocation = #_sourceLocation) async {
        await waitUntil("\(state) × \(count)", sourceLocation) { states in states.filter { $0 == state }.count >= count
        }
    }

    /// Polls until `condition` holds, then lets the client run on to its next suspension: a state is
    /// published just before the client starts sleeping on the test clock, and a test that advanced
    /// the clock before that sleep began would wait for ever. Gives up after 60 s with a recorded issue.
    private func waitUntil(
        _ what: String, _ sourceLocation: SourceLocation, _ condition: ([SessionState]) -> Bool
    ) async {
        let deadline = ContinuousClock.now + .seconds(60)
        while !condition(states) {
            guard ContinuousClock.now < deadline else {
                Issue.record("session state \(what) never came; states: \(states)", sourceLocation: sourceLocation)
                return
            }
            try? await Task.sleep(for: .milliseconds(1))
        }
        await settle()
    }
}

/// Lets other tasks run (the in-memory transport and the client hop between tasks).
func settle() async {
    for _ in 0..<50 { await Task.yield() }
    try? await Task.sleep(for: .milliseconds(20))
}
