import Logging
import Synchronization

/// The session's current state, readable from any isolation, and the stream of its changes.
final class SessionStateReporter: Sendable {
    /// Every state change, in order (the latest 64 are kept until read). One consumer.
    let states: AsyncStream<SessionState>
    private let continuation: AsyncStream<SessionState>.Continuation
    private let current = Mutex(SessionState.disconnected)
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
        // States are a progress report: keep the latest ones if nobody reads them.
        (states, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(64))
    }

    var state: SessionState { current.withLock { $0 } }

    /// Records and publishes `newState` unless it is the current one. Called by one writer (the session).
    func report(_ newState: SessionState) {
        let changed = current.withLock { state in
            guard state != newState else { return false }
            state = newState
            return true
        }
        guard changed else { return }
        logger.info("session state: \(newState)")
        continuation.yield(newState)
    }

    /// Ends `states`.
    func finish() {
        continuation.finish()
    }
}
