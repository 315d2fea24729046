import Foundation
import Synchronization
import WeComDevice

/// A `WebSocketTransport` in memory: every `connect` hands the other end to `serverEndpoints`, where a
/// test (or an in-process simulator) plays the cloud.
public final class InMemoryWebSocketTransport: WebSocketTransport {
    /// The cloud side of each accepted connection, in connect order.
    public let serverEndpoints: AsyncStream<InMemoryServerEndpoint>
    private let endpointContinuation: AsyncStream<InMemoryServerEndpoint>.Continuation
    private let refusals = Mutex(0)
    private let connectedURLs = Mutex<[URL]>([])

    public init() {
        (serverEndpoints, endpointContinuation) = AsyncStream.makeStream()
    }

    /// The next `count` connect attempts fail.
    public func refuseNextConnections(_ count: Int) {
        refusals.withLock { $0 = count }
    }

    /// Every URL `connect` was called with.
    public var urls: [URL] { connectedURLs.withLock { $0 } }

    public func connect(to url: URL) async throws -> any WebSocketConnection {
        connectedURLs.withLock { $0.append(url) }
        let refuse = refusals.withLock { remaining -> Bool in
            guard remaining > 0 else { return false }
            remaining -= 1
            return true
        }
        if refuse { throw WebSocketClosedError() }
        let (toServer, toServerContinuation) = AsyncStream<String>.makeStream()
        let (toClient, toClientContinuation) = AsyncThrowingStream<String, any Error>.makeStream()
        let (binaryToClient, binaryToClientContinuation) = AsyncStream<Data>.makeStream()
        let client = InMemoryClientConnection(
            inbound: toClient, inboundContinuation: toClientContinuation, binaryInbound: binaryToClient,
            binaryInboundContinuation: binaryToClientContinuation, outbound: toServerContinuation)
        endpointContinuation.yield(
            InMemoryServerEndpoint(
                received: toServer, receivedContinuation: toServerContinuation, toClient: toClientContinuation,
                binaryToClient: binaryToClientContinuation))
        return client
    }
}

/// The device side of an in-memory connection.
final class InMemoryClientConnection: WebSocketConnection {
    let inbound: AsyncThrowingStream<String, any Error>
    private let inboundContinuation: AsyncThrowingStream<String, any Error>.Continuation
    let binaryInbound: AsyncStream<Data>
    private let binaryInboundContinuation: AsyncStream<Data>.Continuation
    private let outbound: AsyncStream<String>.Continuation
    private let closed = Mutex(false)

    init(
        inbound: AsyncThrowingStream<String, any Error>,
        inboundContinuation: AsyncThrowingStream<String, any Error>.Continuation,
        binaryInbound: AsyncStream<Data>,
        binaryInboundContinuation: AsyncStream<Data>.Continuation,
        outbound: AsyncStream<String>.Continuation
    ) {
        self.inbound = inbound
        self.inboundContinuation = inboundContinuation
        self.binaryInbound = binaryInbound
        self.binaryInboundContinuation = binaryInboundContinuation
        self.outbound = outbound
    }

    func send(_ text: String) async throws {
        guard !closed.withLock({ $0 }) else { throw WebSocketClosedError() }
        if case .terminated = outbound.yield(text) { throw WebSocketClosedError() }
    }

    func close() async {
        closed.withLock { $0 = true }
        outbound.finish()
        inboundContinuation.finish()
        binaryInboundContinuation.finish()
    }
}

/// The cloud side of an in-memory connection.
public struct InMemoryServerEndpoint: Sendable {
    /// Text frames the device sent, in order; finishes when the device closes.
    public let received: AsyncStream<String>
    private let receivedContinuation: AsyncStream<String>.Continuation
    private let toClient: AsyncThrowingStream<String, any Error>.Continuation
    private let binaryToClient: AsyncStream<Data>.Continuation

    init(
        received: AsyncStream<String>, receivedContinuation: AsyncStream<String>.Continuation,
        toClient: AsyncThrowingStream<String, any Error>.Continuation, binaryToClient: AsyncStream<Data>.Continuation
    ) {
        self.received = received
        self.receivedContinuation = receivedContinuation
        self.toClient = toClient
        self.binaryToClient = binaryToClient
    }

    /// Delivers a text frame to the device.
    public func send(_ text: String) {
        toClient.yield(text)
    }

    /// Delivers a binary frame to the device.
    public func sendBinary(_ data: Data) {
        binaryToClient.yield(data)
    }

    /// Closes the socket cleanly: the device sees its inbound stream finish.
    public func close() {
        toClient.finish()
        binaryToClient.finish()
        receivedContinuation.finish()
    }

    /// Drops the socket: the device sees its inbound stream end with an error.
    public func drop() {
        toClient.finish(throwing: WebSocketClosedError())
        binaryToClient.finish()
        receivedContinuation.finish()
    }
}
