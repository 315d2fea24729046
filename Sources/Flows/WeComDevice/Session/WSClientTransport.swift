import Foundation
import Logging
import WSClient

/// The real transport over swift-websocket's `WebSocketClient`; `wss://` uses TLS with the system trust
/// roots and normal certificate verification.
public struct WSClientTransport: WebSocketTransport {
    /// Largest inbound message accepted (pull responses carry up to 200 users' templates).
    public var maxMessageSize: Int
    public var logger: Logger

    public init(maxMessageSize: Int = 16 << 20, logger: Logger = Logger(label: "wecom-device.websocket")) {
        self.maxMessageSize = maxMessageSize
        self.logger = logger
    }

    public func connect(to url: URL) async throws -> any WebSocketConnection {
        let (inbound, inboundContinuation) = AsyncThrowingStream<String, any Error>.makeStream()
        let (binaryInbound, binaryContinuation) = AsyncStream<Data>.makeStream()
        // Carries the outbound writer once the upgrade succeeded, or the connect error.
        let (opened, openedContinuation) = AsyncThrowingStream<WebSocketOutboundWriter, any Error>.makeStream()
        let maxSize = maxMessageSize
        let logger = logger
        let configuration = WebSocketClientConfiguration(maxFrameSize: maxSize, closeTimeout: .seconds(5))
        let task = Task {
            do {
                try await WebSocketClient.connect(url: url.absoluteString, configuration: configuration, logger: logger)
                {
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
