import Logging

/// Hands decoded pushes (including `.invalid` ones) to the subscriber of `WeComClient.pushes`; unknown
/// pushes are logged and not published. Pushes are never dropped.
struct PushFanOut: Sendable {
    /// The published pushes. One consumer.
    let pushes: AsyncStream<DevicePush>
    private let continuation: AsyncStream<DevicePush>.Continuation
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
        (pushes, continuation) = AsyncStream.makeStream()
    }

    func publish(_ push: DevicePush, cmd: String) {
        switch push {
        case .unknown:
            logger.notice("ignoring unknown push \(cmd)")
            return
        case .invalid(_, let reason):
            logger.warning("invalid push \(cmd): \(reason)")
        case .bindCorp, .unbindCorp:
            break
        default:
            logger.info("push \(cmd)")
        }
        continuation.yield(push)
    }

    /// Ends `pushes`.
    func finish() {
        continuation.finish()
    }
}
