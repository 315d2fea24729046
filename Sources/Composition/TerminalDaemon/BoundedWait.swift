import Synchronization

/// Waits for work at most a given time: the shutdown's steps must end even when a peer never answers.
enum BoundedWait {
    /// Runs `body` in its own task and returns true when it finished within `limit`; past it the task
    /// is cancelled and left behind (false), so a body that ignores cancellation cannot hold the caller.
    static func run(
        within limit: Duration, clock: any Clock<Duration>, _ body: @escaping @Sendable () async -> Void
    ) async -> Bool {
        let outcome = FirstOutcome()
        return await withCheckedContinuation { continuation in
            outcome.install(continuation)
            let work = Task {
                await body()
                outcome.resolve(true)
            }
            let timer = Task {
                try? await clock.sleep(for: limit)
                guard !Task.isCancelled else { return }
                work.cancel()
                outcome.resolve(false)
            }
            outcome.onResolve { timer.cancel() }
        }
    }
}

/// The first of two racing answers resumes the waiter; the second is dropped.
private final class FirstOutcome: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Bool, Never>?
        var resolved: Bool?
        var cleanup: (@Sendable () -> Void)?
    }
    private let state = Mutex(State())

    func install(_ continuation: CheckedContinuation<Bool, Never>) {
        state.withLock { $0.continuation = continuation }
    }

    func onResolve(_ cleanup: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> Bool in
            guard state.resolved == nil else { return true }
            state.cleanup = cleanup
            return false
        }
        if runNow { cleanup() }
    }

    func resolve(_ value: Bool) {
        let (continuation, cleanup) = state.withLock {
            state -> (CheckedContinuation<Bool, Never>?, (@Sendable () -> Void)?) in
            guard state.resolved == nil else { return (nil, nil) }
            state.resolved = value
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
