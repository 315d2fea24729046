import Hummingbird
import HummingbirdWebSocket

/// Request context of the simulator's router: WebSocket-capable, and knows whether the peer is local.
struct SimRequestContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<Self>
    /// Whether the peer connects from a loopback address (the admin API serves only those).
    let peerIsLoopback: Bool

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        let address = source.channel.remoteAddress?.ipAddress ?? ""
        peerIsLoopback = address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127.")
    }
}
