import Foundation
import Logging
import NIOPosix
import Synchronization
import WSClient

/// The real transport over swift-websocket's `WebSocketClient`. Every URL goes through `CloudEndpoint.parse`
/// first and the library gets exactly the normalised URL, so `wss` (lower case, as the library compares it)
/// means TLS; the library's TLS configuration for it is `TLSConfiguration.makeClientConfiguration()`: the
/// system trust roots, full certificate and host name verification.
///
/// Every connect, send and close is bounded by `timeouts`; a socket that runs out of one is dropped (see
/// `SocketLifetime`). Each connection runs on an event loop of its own, so a socket that never finished its
/// upgrade can still be closed, by shutting that loop down: the library offers no other handle on it.
public struct WSClientTransport: WebSocketTransport {
    /// Largest inbound message (and frame) accepted; the library closes the socket on a larger one.
    public var maxMessageSize: Int
    public var timeouts: ConnectionTimeouts
    /// The clock the timeouts run on.
    public var clock: any Clock<Duration>
    public var logger: Logger

    public init(
        maxMessageSize: Int = WireBudget.maxMessageBytes, timeouts: ConnectionTimeouts = .default,
        clock: any Clock<Duration> = ContinuousClock(), logger: Logger = Logger(label: "wecom-device.websocket")
    ) {
        self.maxMessageSize = maxMessageSize
        self.timeouts = timeouts
        self.clock = clock
        self.logger = logger
    }

    /// What the transport gives the WebSocket library for `url`.
    public struct ConnectionPlan: Sendable, Hashable {
        /// Exactly the normalised endpoint URL.
        public let url: String
        /// The library will use TLS (the URL's scheme is exactly `wss`).
        public let usesTLS: Bool
        /// The library's `maxFrameSize` and the largest message read.
        public let maxFrameSize: Int
    }

    /// Parses `url` (`CloudEndpoint.parse`) into what the library is given; refuses what the library would
    /// misread (an IPv6 literal: its URL parser splits the host at the first colon).
    public func plan(for url: URL) throws(CloudEndpointError) -> ConnectionPlan {
        let endpoint = try CloudEndpoint(url)
        guard !endpoint.host.hasPrefix("[") else {
            throw CloudEndpointError(
                endpoint: endpoint.url.absoluteString,
                problem: .invalidHost(
                    "\(endpoint.host) (the WebSocket library cannot parse IPv6 literals; use 127.0.0.1 or localhost)"))
        }
        return ConnectionPlan(url: endpoint.url.absoluteString, usesTLS: endpoint.usesTLS, maxFrameSize: maxMessageSize)
    }

    public func connect(to url: URL) async throws -> any WebSocketConnection {
        let plan = try plan(for: url)
        let (inbound, inboundContinuation) = AsyncThrowingStream<String, any Error>.makeStream()
        let (binaryInbound, binaryContinuation) = AsyncStream<Data>.makeStream()
        // Carries the outbound writer once the upgrade succeeded, or the connect error.
        let (opened, openedContinuation) = AsyncThrowingStream<WebSocketOutboundWriter, any Error>.makeStream()
        let maxSize = plan.maxFrameSize
        let logger = logger
        let configuration = WebSocketClientConfiguration(maxFrameSize: maxSize, closeTimeout: timeouts.close)
        // The library's own close handshake wait is `timeouts.close`; a socket that outlives it twice is forced shut.
        let socket = SocketLifetime(clock: clock, grace: timeouts.close * 2)
        socket.start { eventLoops in
            do {
                try await WebSocketClient.connect(
                    url: plan.url, configuration: configuration, eventLoopGroup: eventLoops, logger: logger
                ) { socketInbound, outbound, _ in
                    guard socket.upgraded() else { return }
                    openedContinuation.yield(outbound)
                    try await socket.untilDropped {
                        for try await message in socketInbound.messages(maxSize: maxSize) {
                            switch message {
                            case .text(let text): inboundContinuation.yield(text)
                            case .binary(let buffer): binaryContinuation.yield(Data(buffer.readableBytesView))
                            }
                        }
                    }
                }
                inboundContinuation.finish()
                binaryContinuation.finish()
                openedContinuation.finish(throwing: WebSocketClosedError())
            } catch {
                inboundContinuation.finish(throwing: error)
                binaryContinuation.finish()
                openedContinuation.finish(throwing: error)
            }
        }
        let upgrade = await BoundedWait(clock: clock, timeout: timeouts.connect).run(onCancel: .stop) {
            () -> Result<WebSocketOutboundWriter, any Error> in
            do {
                var iterator = opened.makeAsyncIterator()
                guard let writer = try await iterator.next() else { throw CancellationError() }
                return .success(writer)
            } catch {
                return .failure(error)
            }
        }
        switch upgrade {
        case .success(let writer)?:
            return WSClientConnection(
                inbound: inbound, binaryInbound: binaryInbound, writer: writer, socket: socket, timeouts: timeouts,
                clock: clock)
        case .failure(let error)?:
            socket.drop()
            throw error
        case nil:
            socket.drop()
            try Task.checkCancellation()
            throw WebSocketTimeoutError(operation: .connect, timeout: timeouts.connect)
        }
    }
}

/// An open `WebSocketClient` connection.
final class WSClientConnection: WebSocketConnection {
    let inbound: AsyncThrowingStream<String, any Error>
    let binaryInbound: AsyncStream<Data>
    private let writer: WebSocketOutboundWriter
    private let socket: SocketLifetime
    private let timeouts: ConnectionTimeouts
    private let clock: any Clock<Duration>

    init(
        inbound: AsyncThrowingStream<String, any Error>, binaryInbound: AsyncStream<Data>,
        writer: WebSocketOutboundWriter, socket: SocketLifetime, timeouts: ConnectionTimeouts,
        clock: any Clock<Duration>
    ) {
        self.inbound = inbound
        self.binaryInbound = binaryInbound
        self.writer = writer
        self.socket = socket
        self.timeouts = timeouts
        self.clock = clock
    }

    /// Sends one text frame; one that is not handed to the socket within `timeouts.send` drops the socket.
    func send(_ text: String) async throws {
        let writer = writer
        let sent = await BoundedWait(clock: clock, timeout: timeouts.send).run(onCancel: .stop) {
            () -> Result<Void, any Error> in
            do {
                return .success(try await writer.write(.text(text)))
            } catch {
                return .failure(error)
            }
        }
        switch sent {
        case .success?: return
        case .failure(let error)?: throw error
        case nil:
            try Task.checkCancellation()
            socket.drop()
            throw WebSocketTimeoutError(operation: .send, timeout: timeouts.send)
        }
    }

    /// Sends a close frame and waits for the close handshake, at most `timeouts.close` (also when the caller
    /// is cancelled: a session being cancelled must still send its close frame); then drops the socket.
    func close() async {
        let writer = writer
        let socket = socket
        let closed = await BoundedWait(clock: clock, timeout: timeouts.close).run(onCancel: .keepWaiting) {
            if (try? await writer.close(.normalClosure, reason: nil)) == nil { socket.drop() }
            await socket.ended()
        }
        if closed == nil { socket.drop() }
    }
}

/// One connection's event loop and library task. Dropping the socket ends the library's data handler, so the
/// library closes an upgraded socket itself (close frame, then at most its close timeout). The loop is shut
/// down when nothing uses the connection any more (the library's objects still schedule on it while they
/// go), or, when the library task has not ended `grace` after a drop, at once: that closes a socket still in
/// its upgrade, which the library gives no other handle on (and one whose library is stuck in a write). The
/// library task is never cancelled: its cancellation handler closes the channel from a task of its own,
/// which could run after the loop is gone.
final class SocketLifetime: Sendable {
    private let eventLoops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let clock: any Clock<Duration>
    private let grace: Duration
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let state = Mutex(State())
    private let stop: AsyncStream<Void>
    private let stopContinuation: AsyncStream<Void>.Continuation

    private struct State {
        var dropped = false
        var loopsShutDown = false
    }

    init(clock: any Clock<Duration>, grace: Duration) {
        self.clock = clock
        self.grace = grace
        (stop, stopContinuation) = AsyncStream.makeStream()
    }

    /// Runs the library on this connection's event loop.
    func start(_ body: @escaping @Sendable (MultiThreadedEventLoopGroup) async -> Void) {
        let eventLoops = eventLoops
        task.withLock { task in
            // Detached: the library would also close the socket on a graceful shutdown it finds in the task-locals
            // (swift-service-lifecycle); when the socket closes is the session's decision.
            task = Task.detached { await body(eventLoops) }
        }
    }

    deinit {
        guard !state.withLock({ $0.loopsShutDown }) else { return }
        let eventLoops = eventLoops
        // Never on the loop's own thread, where the last reference may go.
        Task.detached { try? await eventLoops.shutdownGracefully() }
    }

    /// Called by the library's data handler once the upgrade succeeded; false when the socket was dropped first.
    func upgraded() -> Bool {
        state.withLock { !$0.dropped }
    }

    /// Runs `body` (the data handler's reading) until it ends or the socket is dropped.
    func untilDropped(_ body: @escaping @Sendable () async throws -> Void) async throws {
        let stop = stop
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await body() }
            group.addTask { for await _ in stop {} }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Waits for the library task to end.
    func ended() async {
        await task.withLock { $0 }?.value
    }

    /// Gives the socket up without waiting for it; idempotent.
    func drop() {
        let first = state.withLock { state in
            defer { state.dropped = true }
            return !state.dropped
        }
        guard first else { return }
        stopContinuation.finish()
        let running = task.withLock { $0 }
        let clock = clock
        let grace = grace
        Task {
            let ended = await BoundedWait(clock: clock, timeout: grace).run(onCancel: .keepWaiting) {
                await running?.value
            }
            // The library closed the socket itself: the loop goes with the last reference (deinit).
            guard ended == nil else { return }
            await self.shutDownLoops()
        }
    }

    private func shutDownLoops() async {
        let first = state.withLock { state in
            defer { state.loopsShutDown = true }
            return !state.loopsShutDown
        }
        guard first else { return }
        try? await eventLoops.shutdownGracefully()
    }
}
