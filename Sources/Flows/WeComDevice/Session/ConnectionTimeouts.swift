/// How long the client waits on one socket operation before it gives the socket up. The one owner of these
/// limits: `WSClientTransport` enforces them on the real socket (and drops it when one runs out), and the
/// session enforces `connect` and `close` again on its injected clock, so a transport that does not honour
/// them cannot stall a reconnect or the end of `WeComClient.run()`.
///
/// Receiving needs no timeout of its own: the session always waits for a reply to a request with
/// `WeComClientConfiguration.requestTimeout` (a ping every `pingInterval` once logged in), and a request that
/// times out during the life-cycle restarts the session, so a connection on which nothing arrives is given
/// up after at most `pingInterval + requestTimeout`.
public struct ConnectionTimeouts: Sendable, Hashable {
    /// TCP connect, TLS handshake and WebSocket upgrade together.
    public let connect: Duration
    /// One frame handed to the socket; a send that takes longer drops the connection.
    public let send: Duration
    /// The close handshake; then the socket is dropped without it. Cancelling `WeComClient.run()` returns after
    /// at most this long (the daemon's shutdown budget is 5 s).
    public let close: Duration

    /// 10 s to connect, 10 s per send, 2 s for the close handshake.
    public static let `default` = ConnectionTimeouts(
        checkedConnect: .seconds(10), send: .seconds(10), close: .seconds(2))

    /// Each timeout must be more than 0 and at most `WeComClientConfiguration.longestWait`.
    public init(
        connect: Duration = ConnectionTimeouts.default.connect, send: Duration = ConnectionTimeouts.default.send,
        close: Duration = ConnectionTimeouts.default.close
    ) throws(WeComConfigurationError) {
        for (field, duration) in [("timeouts.connect", connect), ("timeouts.send", send), ("timeouts.close", close)] {
            guard duration > .zero, duration <= WeComClientConfiguration.longestWait else {
                throw .durationOutOfRange(field: field, duration)
            }
        }
        self.init(checkedConnect: connect, send: send, close: close)
    }

    private init(checkedConnect connect: Duration, send: Duration, close: Duration) {
        self.connect = connect
        self.send = send
        self.close = close
    }
}

/// A socket operation ran out of its `ConnectionTimeouts` limit; the socket was dropped.
public struct WebSocketTimeoutError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Operation: String, Sendable, Hashable {
        case connect, send
    }
    public let operation: Operation
    public let timeout: Duration

    public init(operation: Operation, timeout: Duration) {
        self.operation = operation
        self.timeout = timeout
    }

    public var description: String { "WebSocket \(operation.rawValue): no completion within \(timeout)" }
}
