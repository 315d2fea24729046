import Foundation

/// One open WebSocket carrying JSON text frames (and, inbound, the cloud's binary photo frames).
public protocol WebSocketConnection: Sendable {
    /// Inbound text frames; finishes (or throws) when the socket closes.
    var inbound: AsyncThrowingStream<String, any Error> { get }
    /// Inbound binary frames (`download_photo` answers); finishes when the socket closes.
    var binaryInbound: AsyncStream<Data> { get }
    /// Sends one text frame.
    func send(_ text: String) async throws
    /// Closes the socket; `inbound` then finishes.
    func close() async
}

extension WebSocketConnection {
    /// A connection that delivers no binary frames (wrappers that only see text).
    public var binaryInbound: AsyncStream<Data> { AsyncStream { $0.finish() } }
}

/// Opens WebSocket connections; injected into `WeComClient`.
public protocol WebSocketTransport: Sendable {
    func connect(to url: URL) async throws -> any WebSocketConnection
}

/// The socket is closed.
public struct WebSocketClosedError: Error, Sendable, Hashable, CustomStringConvertible {
    public init() {}
    public var description: String { "the WebSocket is closed" }
}
