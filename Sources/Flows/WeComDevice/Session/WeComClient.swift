import Foundation
import JSONSupport
import Logging

/// The terminal side of the WeCom device-direct protocol: keeps one socket logged in, answers nothing to
/// pushes, publishes them, and lets callers send requests while logged in.
///
/// A facade over four parts: the request/reply core (`RequestExchange`), the session life-cycle
/// (`DeviceSession`), photo downloads (`PhotoDownloads`) and the push fan-out (`PushFanOut`).
public actor WeComClient {
    /// Decoded pushes (including `.invalid` ones); unknown pushes are logged and not published. One consumer.
    public nonisolated let pushes: AsyncStream<DevicePush>
    /// Every state change, in order (the latest 64 are kept until read). One consumer.
    public nonisolated let states: AsyncStream<SessionState>
    /// The current state.
    public var state: SessionState { stateReporter.state }

    let logger: Logger
    private let isolation = ClientIsolation()
    let exchange: RequestExchange
    let session: DeviceSession
    let photos: PhotoDownloads
    let pushFanOut: PushFanOut
    private let stateReporter: SessionStateReporter
    private var isRunning = false

    public init(
        configuration: WeComClientConfiguration,
        credentials credentialStore: any CredentialStore,
        transport: any WebSocketTransport = WSClientTransport(),
        clock: any Clock<Duration> = ContinuousClock(),
        wallClock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "wecom-device")
    ) {
        self.logger = logger
        exchange = RequestExchange(
            isolation: isolation, reqIDs: ReqIDGenerator(prefix: configuration.reqIDPrefix), clock: clock,
            timeout: configuration.requestTimeout, logger: logger)
        stateReporter = SessionStateReporter(logger: logger)
        session = DeviceSession(
            isolation: isolation, configuration: configuration, credentialStore: credentialStore, transport: transport,
            clock: clock, wallClock: wallClock, logger: logger, exchange: exchange, stateReporter: stateReporter)
        photos = PhotoDownloads(exchange: exchange, maxPhotoBytes: configuration.maxPhotoBytes, logger: logger)
        pushFanOut = PushFanOut(logger: logger)
        pushes = pushFanOut.pushes
        states = stateReporter.states
    }

    /// Seconds the cloud's clock (its `get_timestamp` answer at the last login) is ahead of the wall clock;
    /// nil until a usable answer.
    public var cloudClockOffsetSeconds: Int64? {
        get async {
            let clock = await session.serverClock
            return clock.synchronised ? clock.offsetSeconds : nil
        }
    }

    /// Its parts share this executor (see `ClientIsolation`).
    public nonisolated var unownedExecutor: UnownedSerialExecutor { isolation.unownedExecutor }

    // MARK: Running

    /// Connects, logs in and stays logged in, reconnecting with back-off, until the calling task is cancelled.
    /// Finishes `pushes` and `states` when it returns.
    public func run() async {
        guard !isRunning else {
            logger.error("WeComClient.run() is already running")
            return
        }
        isRunning = true
        await session.run(reading: { connection in await self.readLoop(connection) })
        pushFanOut.finish()
        stateReporter.finish()
    }

    // MARK: Requests

    /// Sends a typed request; throws `WeComError.notConnected` unless logged in.
    public func send<R: DeviceRequest>(_ request: R) async throws -> R.Response {
        guard state == .loggedIn else { throw WeComError.notConnected }
        let response = try await watchedExchange(cmd: R.cmd, body: try request.body())
        await session.restartIfRefused(response)
        return try request.decodeResponse(response)
    }

    /// Sends any command and returns its raw response (any `errcode`); throws `.notConnected` unless logged in.
    public func request(cmd: String, body: JSONObject? = nil) async throws -> ResponseEnvelope {
        guard state == .loggedIn else { throw WeComError.notConnected }
        let response = try await watchedExchange(cmd: cmd, body: body)
        await session.restartIfRefused(response)
        return response
    }

    /// `exchange`, and a request left unanswered ends the connection (see `DeviceSession.requestUnanswered`).
    private func watchedExchange(cmd: String, body: JSONObject?) async throws -> ResponseEnvelope {
        do {
            return try await exchange.exchange(cmd: cmd, body: body)
        } catch let error as WeComError {
            if case .timeout = error { await session.requestUnanswered(error) }
            throw error
        }
    }

    /// Validates and sends `upload_userinfo`; a non-zero `errcode` is returned, not thrown.
    public func uploadUserInfo(_ upload: UploadUserInfo) async throws -> UploadUserInfoResponse {
        try await send(upload)
    }
}
