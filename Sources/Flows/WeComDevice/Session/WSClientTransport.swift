import Foundation
import Logging
import WSClient

/// The real transport over swift-websocket's `WebSocketClient`. Every URL goes through `CloudEndpoint.parse`
/// first and the library gets exactly the normalised URL, so `wss` (lower case, as the library compares it)
/// means TLS; the library's TLS configuration for it is `TLSConfiguration.makeClientConfiguration()`: the
/// system trust roots, full certificate and host name verification.
public struct WSClientTransport: WebSocketTransport {
    /// Largest inbound message (and frame) accepted; the library closes the socket on a larger one.
    public var maxMessageSize: Int
    public var logger: Logger

    public init(
        maxMessageSize: Int = WireBudget.maxMessageBytes, logger: Logger = Logger(label: "wecom-device.websocket")
    ) {
        self.maxMessageSize = maxMessageSize
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
        let configuration = WebSocketClientConfiguration(maxFrameSize: maxSize, closeTimeout: .seconds(5))
        let task = Task {
            do {
                try await WebSocketClient.connect(url: plan.url, configuration: configuration, logger: logger) {
                    socketInbound, outbound, _ in
                    openedContinuation.yield(outbound)
                    for try await message in socketInbound.messages(maxSize: maxSize) {
                        switch message {
                        case .text(let text): inboundContinuation.yield(text)
                        case .binary(let buffer): binaryContinuation.yield(Data(buffer.readableBytesView))
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
        do {
            var iterator = opened.makeAsyncIterator()
            guard let writer = try await iterator.next() else { throw WebSocketClosedError() }
            return WSClientConnection(inbound: inbound, binaryInbound: binaryInbound, writer: writer, task: task)
        } catch {
            task.cancel()
            throw error
        }
    }
}

/// An open `WebSocketClient` connection.
final class WSClientConnection: WebSocketConnection {
    let inbound: AsyncThrowingStream<String, any Error>
    let binaryInbound: AsyncStream<Data>
    private let writer: WebSocketOutboundWriter
    private let task: Task<Void, Never>

    init(
        inbound: AsyncThrowingStream<String, any Error>, binaryInbound: AsyncStream<Data>,
        writer: WebSocketOutboundWriter, task: Task<Void, Never>
    ) {
        self.inbound = inbound
        self.binaryInbound = binaryInbound
        self.writer = writer
        self.task = task
    }

    func send(_ text: String) async throws {
        try await writer.write(.text(text))
    }

    /// Sends a close frame and waits for the close handshake (bounded by the client's close timeout).
    func close() async {
        // Detached from the caller's task: a session being cancelled must still send its close frame.
        let writer = writer
        let sent = await Task { (try? await writer.close(.normalClosure, reason: nil)) != nil }.value
        if !sent { task.cancel() }
        await task.value
    }
}
