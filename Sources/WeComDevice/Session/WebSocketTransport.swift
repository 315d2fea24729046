import Foundation

/// One open WebSocket carrying JSON text frames.
public protocol WebSocketConnection: Sendable {
    /// Inbound text frames; finishes (or throws) when the socket closes. Binary frames are not delivered.
    var inbound: AsyncThrowingStream<String, any Error> { get }
    /// Sends one text frame.
    func send(_ text: String) async throws
    /// Closes the socket; `inbound` then finishes.
    func close() async
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
