import Synchronization

/// Waits for work at most a given time: the shutdown's steps must end even when a peer never answers.
enum BoundedWait {
    /// Runs `body` in its own task and returns true when it finished within `limit`; past it the task
    /// is cancelled and left behind (false), so a body that ignores cancellation cannot hold the caller.
    static func run(
        within limit: Duration, clock: any Clock<Duration>, _ body: @escaping @Sendable () async -> Void
    ) async -> Bool {
        await value(within: limit, clock: clock, body) != nil
    }

    /// `body`'s result when it finished within `limit`; nil past it (the task is cancelled and left behind).
    static func value<Value: Sendable>(
        within limit: Duration, clock: any Clock<Duration>, _ body: @escaping @Sendable () async -> Value
    ) async -> Value? {
        let outcome = FirstOutcome<Value>()
        return await withCheckedContinuation { continuation in
            outcome.install(continuation)
            let work = Task {
                outcome.resolve(await body())
            }
            let timer = Task {
                try? await clock.sleep(for: limit)
                guard !Task.isCancelled else { return }
                work.cancel()
                outcome.resolve(nil)
            }
            outcome.onResolve { timer.cancel() }
        }
    }
}

/// The first of two racing answers (the body's value, or nil from the timer) resumes the waiter; the
/// second is dropped.
private final class FirstOutcome<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value?, Never>?
        var resolved = false
        var cleanup: (@Sendable () -> Void)?
    }
    private let state = Mutex(State())

    func install(_ continuation: CheckedContinuation<Value?, Never>) {
        state.withLock { $0.continuation = continuation }
    }

    func onResolve(_ cleanup: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> Bool in
            guard !state.resolved else { return true }
            state.cleanup = cleanup
            return false
        }
        if runNow { cleanup() }
    }

    func resolve(_ value: Value?) {
        let (continuation, cleanup) = state.withLock {
            state -> (CheckedContinuation<Value?, Never>?, (@Sendable () -> Void)?) in
            guard !state.resolved else { return (nil, nil) }
            state.resolved = true
            defer {
                state.continuation = nil
                state.cleanup = nil
            }
            return (state.continuation, state.cleanup)
        }
        continuation?.resume(returning: value)
        cleanup?()
    }
}
