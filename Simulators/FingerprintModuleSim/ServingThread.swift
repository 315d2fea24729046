import Foundation
import Synchronization

/// A simulator server's one worker thread: started at most once; stopping asks its loop to end
/// (the loop polls `isStopping` with a short timeout) and waits until it has.
final class ServingThread: Sendable {
    private struct State {
        var started = false
        var stopping = false
        var finished = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let name: String
    private let state = Mutex(State())

    init(name: String) {
        self.name = name
    }

    var isStopping: Bool { state.withLock { $0.stopping } }

    /// Runs `loop` on a new thread the first time; later calls do nothing.
    func start(_ loop: @escaping @Sendable () -> Void) {
        let first = state.withLock { state in
            defer { state.started = true }
            return !state.started
        }
        guard first else { return }
        let thread = Thread { [self] in
            loop()
            finish()
        }
        thread.name = name
        thread.start()
    }

    /// Asks the loop to stop and waits until it returned; false when it never started.
    func stop() async -> Bool {
        let wasStarted = state.withLock { state in
            state.stopping = true
            return state.started
        }
        guard wasStarted else { return false }
        await withCheckedContinuation { continuation in
            let done = state.withLock { state in
                if state.finished { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
        return true
    }

    private func finish() {
        let waiters = state.withLock { state in
            state.finished = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
