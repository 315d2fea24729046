import Foundation
import JSONSupport
import Logging

/// The terminal side of the WeCom device-direct protocol: keeps one socket logged in, answers nothing to
/// pushes, publishes them, and lets callers send requests while logged in.
public actor WeComClient {
    /// Decoded pushes (including `.invalid` ones); unknown pushes are logged and not published. One consumer.
    public nonisolated let pushes: AsyncStream<DevicePush>
    /// Every state change, in order (the latest 64 are kept until read). One consumer.
    public nonisolated let states: AsyncStream<SessionState>
    /// The current state.
    public private(set) var state: SessionState = .disconnected

    let configuration: WeComClientConfiguration
    let credentialStore: any CredentialStore
    let transport: any WebSocketTransport
    let clock: any Clock<Duration>
    /// Calendar time for signature timestamps (before the server offset is applied).
    let wallClock: @Sendable () -> Date
    let logger: Logger
    let reqIDs: ReqIDGenerator

    private let pushContinuation: AsyncStream<DevicePush>.Continuation
    private let stateContinuation: AsyncStream<SessionState>.Continuation

    var credentials = DeviceCredentials()
    /// Server time minus wall-clock time, in seconds, from `get_timestamp`.
    var clockOffsetSeconds: Int64 = 0
    var backoff: ReconnectBackoff
    var pendingEvents: Set<SessionEvent> = []

    private var connection: (any WebSocketConnection)?
    private var pending: [String: PendingRequest] = [:]
    private var wakeWaiter: (token: Int, events: Set<SessionEvent>, continuation: CheckedContinuation<Void, Never>)?
    private var wakeTokens = 0
    private var isRunning = false

    public init(
        configuration: WeComClientConfiguration,
        credentials credentialStore: any CredentialStore,
        transport: any WebSocketTransport = WSClientTransport(),
        clock: any Clock<Duration> = ContinuousClock(),
        wallClock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "wecom-device")
    ) {
        self.configuration = configuration
        self.credentialStore = credentialStore
        self.transport = transport
        self.clock = clock
        self.wallClock = wallClock
        self.logger = logger
        self.reqIDs = ReqIDGenerator(prefix: configuration.reqIDPrefix)
        self.backoff = ReconnectBackoff(
            initial: configuration.reconnectInitialDelay, maximum: configuration.reconnectMaxDelay,
            jitter: configuration.reconnectJitter)
        (pushes, pushContinuation) = AsyncStream.makeStream()
        // States are a progress report: keep the latest ones if nobody reads them. Pushes are never dropped.
        (states, stateContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(64))
    }

    // MARK: Running

    /// Connects, logs in and stays logged in, reconnecting with back-off, until the calling task is cancelled.
    /// Finishes `pushes` and `states` when it returns.
    public func run() async {
        guard !isRunning else {
            logger.error("WeComClient.run() is already running")
            return
        }
        isRunning = true
        while !Task.isCancelled {
            await runOneConnection()
            if Task.isCancelled { break }
            let delay = backoff.next()
            setState(.waitingToReconnect(delay: delay))
            do { try await Deadline(clock: clock, after: delay).wait() } catch { break }
        }
        setState(.disconnected)
        pushContinuation.finish()
        stateContinuation.finish()
    }

    private func runOneConnection() async {
        setState(.connecting)
        let connection: any WebSocketConnection
        do {
            connection = try await transport.connect(to: configuration.endpoint)
        } catch {
            logger.warning("connect to \(configuration.endpoint) failed: \(error)")
            return
        }
        self.connection = connection
        pendingEvents.removeAll()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.readLoop(connection) }
            group.addTask { await self.runLifecycle() }
            await group.next()
            group.cancelAll()
        }
        self.connection = nil
        await connection.close()
        for reqID in pending.keys {
            complete(reqID, .failure(WeComError.connectionLost(cmd: pending[reqID]?.cmd ?? "")))
        }
    }

    private func runLifecycle() async {
        do {
            try await lifecycle()
        } catch is CancellationError {
            return
        } catch let restart as SessionRestart {
            logger.notice("restarting the session: \(restart)")
        } catch {
            logger.warning("session step failed, reconnecting: \(error)")
        }
    }

    // MARK: Inbound

    private func readLoop(_ connection: any WebSocketConnection) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.readBinaryFrames(connection) }
            await readTextFrames(connection)
            group.cancelAll()
        }
    }

    private func readBinaryFrames(_ connection: any WebSocketConnection) async {
        for await frame in connection.binaryInbound {
            handleBinary(frame)
        }
    }

    /// Settles the `download_photo` request the frame answers; a malformed or unmatched frame is logged
    /// and dropped (a malformed one whose header names a waiting download fails that download).
    private func handleBinary(_ bytes: Data) {
        let frame: PhotoFrame
        do {
            frame = try PhotoFrame.decode(bytes, maxDataBytes: configuration.maxPhotoBytes)
        } catch {
            if let reqID = PhotoFrame.reqID(ofPossiblyMalformed: bytes), pending[reqID]?.expectsBinary == true {
                logger.warning("malformed photo frame for req_id \(reqID): \(error)")
                complete(reqID, .failure(WeComError.invalidPhotoFrame(reqID: reqID, error)))
            } else {
                logger.warning("dropping malformed binary frame of \(bytes.count) bytes: \(error)")
            }
            return
        }
        guard pending[frame.reqID]?.expectsBinary == true else {
            logger.warning("binary frame for unknown req_id \(frame.reqID) (\(frame.data.count) bytes) dropped")
            return
        }
        complete(frame.reqID, .success(.binary(frame.data)))
    }

    private func readTextFrames(_ connection: any WebSocketConnection) async {
        do {
            for try await text in connection.inbound {
                guard await handleInbound(text) else { return }
            }
            if !Task.isCancelled { logger.notice("socket closed by the cloud") }
        } catch {
            logger.notice("socket lost: \(error)")
        }
    }

    /// Handles one frame; false when the session must restart.
    private func handleInbound(_ text: String) async -> Bool {
        let frame: InboundFrame
        do {
            frame = try InboundFrame.decode(text)
        } catch {
            logger.warning("dropping malformed frame: \(error)")
            return true
        }
        switch frame {
        case .response(let response):
            guard let entry = pending[response.reqID] else {
                logger.warning("response for unknown req_id \(response.reqID)")
                return true
            }
            if entry.expectsBinary && response.isSuccess {
                // Only the binary frame carries the photo; a success text frame is not the answer.
                logger.notice(
                    "\(entry.cmd) req_id \(response.reqID): JSON success ignored, waiting for the binary frame")
                return true
            }
            complete(response.reqID, .success(.response(response)))
            return true
        case .push(let envelope):
            await handlePush(DevicePush(envelope), cmd: envelope.cmd)
            return true
        case .connectionError(let error):
            logger.warning("connection-level error \(error.errcode) \(error.errmsg)")
            await forgetCredentials(after: error.errcode)
            return false
        }
    }

    private func handlePush(_ push: DevicePush, cmd: String) async {
        switch push {
        case .unknown:
            logger.notice("ignoring unknown push \(cmd)")
            return
        case .invalid(_, let reason):
            logger.warning("invalid push \(cmd): \(reason)")
        case .bindCorp:
            signal(.bound)
        case .unbindCorp:
            logger.notice("enterprise unbound the device; wiping and re-activating")
            await wipeForUnbind()
            signal(.unbound)
        default:
            logger.info("push \(cmd)")
        }
        pushContinuation.yield(push)
    }

    // MARK: Requests

    /// Sends a typed request; throws `WeComError.notConnected` unless logged in.
    public func send<R: DeviceRequest>(_ request: R) async throws -> R.Response {
        guard state == .loggedIn else { throw WeComError.notConnected }
        let response = try await exchange(cmd: R.cmd, body: try request.body())
        await restartIfRefused(response)
        return try request.decodeResponse(response)
    }

    /// Sends any command and returns its raw response (any `errcode`); throws `.notConnected` unless logged in.
    public func request(cmd: String, body: JSONObject? = nil) async throws -> ResponseEnvelope {
        guard state == .loggedIn else { throw WeComError.notConnected }
        let response = try await exchange(cmd: cmd, body: body)
        await restartIfRefused(response)
        return response
    }

    /// A "not registered / not active / not logged in" answer to a caller's request restarts the session.
    func restartIfRefused(_ response: ResponseEnvelope) async {
        guard SessionRestart.restartCodes.contains(response.errcode) else { return }
        await forgetCredentials(after: response.errcode)
        signal(.restartRequested)
    }

    /// Validates and sends `upload_userinfo`; a non-zero `errcode` is returned, not thrown.
    public func uploadUserInfo(_ upload: UploadUserInfo) async throws -> UploadUserInfoResponse {
        try await send(upload)
    }

    /// Sends a frame and waits for the response with its `req_id`, up to the request timeout.
    func exchange(cmd: String, body: JSONObject?) async throws -> ResponseEnvelope {
        switch try await exchangeReply(cmd: cmd, body: body, expectsBinary: false) {
        case .response(let response): return response
        case .binary: throw WeComError.invalidRequest(cmd: cmd, reason: "a binary frame answered a JSON request")
        }
    }

    /// Sends a frame and waits for the text response (or, when `expectsBinary`, the binary frame or an
    /// error response) with its `req_id`, up to the request timeout.
    func exchangeReply(cmd: String, body: JSONObject?, expectsBinary: Bool) async throws -> ExchangeReply {
        guard let connection else { throw WeComError.notConnected }
        let reqID = reqIDs.next()
        let deadline = Deadline(clock: clock, after: configuration.requestTimeout)
        pending[reqID] = PendingRequest(cmd: cmd, expectsBinary: expectsBinary)
        pending[reqID]?.timer = Task {
            do { try await deadline.wait() } catch { return }
            self.complete(reqID, .failure(WeComError.timeout(cmd: cmd, reqID: reqID)))
        }
        do {
            try await connection.send(RequestEnvelope(cmd: cmd, reqID: reqID, body: body).encoded())
        } catch {
            complete(reqID, .failure(WeComError.connectionLost(cmd: cmd)))
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                attach(continuation, to: reqID)
            }
        } onCancel: {
            Task { await self.complete(reqID, .failure(CancellationError())) }
        }
    }

    private func attach(_ continuation: CheckedContinuation<ExchangeReply, any Error>, to reqID: String) {
        guard var entry = pending[reqID] else {
            continuation.resume(throwing: WeComError.connectionLost(cmd: ""))
            return
        }
        if let outcome = entry.outcome {
            pending[reqID] = nil
            continuation.resume(with: outcome)
        } else {
            entry.continuation = continuation
            pending[reqID] = entry
        }
    }

    /// Settles a request once; an outcome arriving before the caller waits is kept for it.
    private func complete(_ reqID: String, _ outcome: Result<ExchangeReply, any Error>) {
        guard var entry = pending[reqID], entry.outcome == nil else { return }
        entry.timer?.cancel()
        if let continuation = entry.continuation {
            pending[reqID] = nil
            continuation.resume(with: outcome)
        } else {
            entry.outcome = outcome
            pending[reqID] = entry
        }
    }

    // MARK: State and events

    func setState(_ newState: SessionState) {
        guard newState != state else { return }
        state = newState
        logger.info("session state: \(newState)")
        stateContinuation.yield(newState)
    }

    func signal(_ event: SessionEvent) {
        pendingEvents.insert(event)
        if let waiter = wakeWaiter, waiter.events.contains(event) {
            wakeWaiter = nil
            waiter.continuation.resume()
        }
    }

    /// Sleeps on the injected clock for `duration`, returning early when one of `events` is signalled.
    func sleep(for duration: Duration, wakingOn events: Set<SessionEvent>) async throws {
        guard pendingEvents.isDisjoint(with: events) else { return }
        wakeTokens += 1
        let token = wakeTokens
        let deadline = Deadline(clock: clock, after: duration)
        let timer = Task {
            try? await deadline.wait()
            self.wake(token)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                wakeWaiter = (token, events, continuation)
            }
        } onCancel: {
            Task { await self.wake(token) }
        }
        timer.cancel()
        try Task.checkCancellation()
    }

    private func wake(_ token: Int) {
        guard let waiter = wakeWaiter, waiter.token == token else { return }
        wakeWaiter = nil
        waiter.continuation.resume()
    }
}

/// Things that interrupt the session's waits.
enum SessionEvent: Hashable, Sendable {
    /// `push_bind_corp`: retry `active` now.
    case bound
    /// `push_unbind_corp`: stop, wipe, re-activate.
    case unbound
    /// A request got a "not registered / not active / not logged in" answer.
    case restartRequested
}

/// What settles a request: its text response, or the binary frame it asked for.
enum ExchangeReply: Sendable {
    case response(ResponseEnvelope)
    case binary(Data)
}

/// One request waiting for its response.
struct PendingRequest {
    let cmd: String
    /// `download_photo`: answered by a binary frame, or by an error response.
    let expectsBinary: Bool
    var continuation: CheckedContinuation<ExchangeReply, any Error>?
    var outcome: Result<ExchangeReply, any Error>?
    var timer: Task<Void, Never>?

    init(cmd: String, expectsBinary: Bool = false) {
        self.cmd = cmd
        self.expectsBinary = expectsBinary
    }
}
