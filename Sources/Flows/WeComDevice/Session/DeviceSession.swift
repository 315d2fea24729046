import Foundation
import Logging

/// The session life-cycle (spec 4.4): connects, logs in (get_timestamp, get_secret_no, register, active,
/// subscribe_corp), pings while logged in, wipes on unbind and reconnects with back-off after every drop.
actor DeviceSession {
    private let isolation: ClientIsolation
    let configuration: WeComClientConfiguration
    let credentialStore: any CredentialStore
    let transport: any WebSocketTransport
    let clock: any Clock<Duration>
    /// Calendar time for signature timestamps (before the server offset is applied).
    let wallClock: @Sendable () -> Date
    let logger: Logger
    let exchange: RequestExchange
    let stateReporter: SessionStateReporter

    var credentials = DeviceCredentials()
    /// The wall clock corrected by `get_timestamp`.
    var serverClock = ServerClock()
    var backoff: ReconnectBackoff
    /// Started by a login; the back-off is reset when the connection drops after `reconnectResetUptime`.
    var loggedInFor: Stopwatch?
    var pendingEvents: Set<SessionEvent> = []

    private var wakeWaiter: (token: Int, events: Set<SessionEvent>, continuation: CheckedContinuation<Void, Never>)?
    private var wakeTokens = 0

    init(
        isolation: ClientIsolation, configuration: WeComClientConfiguration, credentialStore: any CredentialStore,
        transport: any WebSocketTransport, clock: any Clock<Duration>, wallClock: @escaping @Sendable () -> Date,
        logger: Logger, exchange: RequestExchange, stateReporter: SessionStateReporter
    ) {
        self.isolation = isolation
        self.configuration = configuration
        self.credentialStore = credentialStore
        self.transport = transport
        self.clock = clock
        self.wallClock = wallClock
        self.logger = logger
        self.exchange = exchange
        self.stateReporter = stateReporter
        self.backoff = ReconnectBackoff(
            initial: configuration.reconnectInitialDelay, maximum: configuration.reconnectMaxDelay,
            jitter: configuration.reconnectJitter)
    }

    /// Runs on the client's executor (see `ClientIsolation`).
    nonisolated var unownedExecutor: UnownedSerialExecutor { isolation.unownedExecutor }

    // MARK: Running

    /// Connects, logs in and stays logged in, reconnecting with back-off, until the calling task is cancelled.
    /// `read` consumes each connection's inbound frames; it returns when the socket closes or the session
    /// must restart.
    func run(reading read: @escaping @Sendable (any WebSocketConnection) async -> Void) async {
        while !Task.isCancelled {
            await runOneConnection(reading: read)
            if Task.isCancelled { break }
            let delay = backoff.next()
            setState(.waitingToReconnect(delay: delay))
            do { try await Deadline(clock: clock, after: delay).wait() } catch { break }
        }
        setState(.disconnected)
    }

    private func runOneConnection(reading read: @escaping @Sendable (any WebSocketConnection) async -> Void) async {
        setState(.connecting)
        guard let connection = await connect() else { return }
        await exchange.send(on: connection)
        pendingEvents.removeAll()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await read(connection) }
            group.addTask { await self.runLifecycle() }
            await group.next()
            group.cancelAll()
        }
        // Measured when the connection ended, before the close handshake.
        if let uptime = loggedInFor?.elapsed(), uptime >= configuration.reconnectResetUptime {
            backoff.reset()
        }
        loggedInFor = nil
        await exchange.stopSending()
        await close(connection)
        await exchange.failWaiting()
    }

    /// The transport's connection, or nil when it failed, took longer than `timeouts.connect` or the session
    /// was cancelled. A connection that comes too late is closed.
    private func connect() async -> (any WebSocketConnection)? {
        let transport = transport
        let endpoint = configuration.endpoint
        let attempt = await BoundedWait(clock: clock, timeout: configuration.timeouts.connect).run(onCancel: .stop) {
            () -> Result<any WebSocketConnection, any Error> in
            do { return .success(try await transport.connect(to: endpoint)) } catch { return .failure(error) }
        } abandoned: { late in
            if case .success(let connection) = late { await connection.close() }
        }
        switch attempt {
        case .success(let connection)?:
            return connection
        case .failure(let error)?:
            logger.warning("connect to \(endpoint) failed: \(error)")
        case nil:
            if !Task.isCancelled {
                logger.warning("connect to \(endpoint) gave no connection within \(configuration.timeouts.connect)")
            }
        }
        return nil
    }

    /// Closes `connection`, waiting at most `timeouts.close` even when the session is being cancelled (the
    /// close frame is still worth sending then); a close that takes longer is left to finish on its own.
    private func close(_ connection: any WebSocketConnection) async {
        let closed = await BoundedWait(clock: clock, timeout: configuration.timeouts.close).run(onCancel: .keepWaiting)
        {
            await connection.close()
        }
        if closed == nil {
            logger.warning("the socket did not close within \(configuration.timeouts.close); abandoned")
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

    // MARK: What the cloud tells the session

    /// `push_bind_corp`: retry `active` now.
    func enterpriseBound() {
        signal(.bound)
    }

    /// `push_unbind_corp`: wipe, then re-activate.
    func enterpriseUnbound() async {
        logger.notice("enterprise unbound the device; wiping and re-activating")
        await wipeForUnbind()
        signal(.unbound)
    }

    /// A frame without `headers` but with `errcode`: the reader ends the connection after this.
    func connectionRefused(errcode: Int) async {
        await forgetCredentials(after: errcode)
    }

    /// A "not registered / not active / not logged in" answer to a caller's request restarts the session.
    func restartIfRefused(_ response: ResponseEnvelope) async {
        guard SessionRestart.restartCodes.contains(response.errcode) else { return }
        await forgetCredentials(after: response.errcode)
        signal(.restartRequested)
    }

    /// A caller's request got no answer within the request timeout: the connection is taken for dead at
    /// once (reconnect) instead of at the next ping, up to a ping interval later.
    func requestUnanswered(_ timeout: WeComError) {
        logger.warning("\(timeout); reconnecting")
        signal(.unresponsive)
    }

    // MARK: State and events

    func setState(_ newState: SessionState) {
        stateReporter.report(newState)
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
        try await sleep(until: Deadline(clock: clock, after: duration), wakingOn: events)
    }

    /// Sleeps until `deadline`, returning early when one of `events` is signalled.
    func sleep(until deadline: Deadline, wakingOn events: Set<SessionEvent>) async throws {
        guard pendingEvents.isDisjoint(with: events) else { return }
        wakeTokens += 1
        let token = wakeTokens
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
    /// A caller's request got no answer within the request timeout.
    case unresponsive
}

/// The cloud left a request unanswered: the session reconnects.
struct UnresponsivePeer: Error, CustomStringConvertible {
    var description: String { "a request got no answer within the request timeout" }
}

/// The cloud told the device its state is gone; the session reconnects and starts over.
struct SessionRestart: Error, CustomStringConvertible {
    /// Not registered, not active, not logged in.
    static let restartCodes: Set<Int> = [ErrorCode.notRegistered, ErrorCode.notActive, ErrorCode.notLoggedIn]
    let errcode: Int
    let context: String
    var description: String { "\(context): errcode \(errcode)" }
}
