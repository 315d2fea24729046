import Synchronization

/// Waits for an operation at most a fixed time: the operation runs in its own task, so a caller that stops
/// waiting leaves it behind instead of hanging on it.
struct BoundedWait: Sendable {
    let clock: any Clock<Duration>
    let timeout: Duration

    /// What the caller's cancellation does.
    enum OnCancel {
        /// Nothing: the wait goes on to its end (a close handshake is worth finishing during a shutdown).
        case keepWaiting
        /// The operation is cancelled and the wait ends at once.
        case stop
    }

    /// The operation's result, or nil when the time ran out (or, with `.stop`, the caller was cancelled)
    /// first. A result that comes after that is handed to `abandoned` (e.g. a late connection, to close it).
    func run<T: Sendable>(
        onCancel: OnCancel, _ operation: @escaping @Sendable () async -> T,
        abandoned: @escaping @Sendable (T) async -> Void = { _ in }
    ) async -> T? {
        let deadline = Deadline(clock: clock, after: timeout)
        let outcome = Outcome<T>()
        let timer = Task {
            // Cancelled once the operation has settled the wait: then it must not settle it.
            do { try await deadline.wait() } catch { return }
            outcome.settle(nil)
        }
        let work = Task {
            let value = await operation()
            let first = outcome.settle(value)
            timer.cancel()
            if !first { await abandoned(value) }
        }
        return await withTaskCancellationHandler {
            await outcome.value()
        } onCancel: {
            guard case .stop = onCancel else { return }
            work.cancel()
            outcome.settle(nil)
        }
    }
}

/// The first of the operation's result, the timeout and the caller's cancellation.
private final class Outcome<T: Sendable>: Sendable {
    private struct State {
        var settled: T??
        var waiter: CheckedContinuation<T?, Never>?
    }
    private let state = Mutex(State())

    /// Records `value` unless something settled first; true when it was the first.
    @discardableResult func settle(_ value: T?) -> Bool {
        let (first, waiter) = state.withLock { state -> (Bool, CheckedContinuation<T?, Never>?) in
            guard state.settled == nil else { return (false, nil) }
            state.settled = .some(value)
            defer { state.waiter = nil }
            return (true, state.waiter)
        }
        waiter?.resume(returning: value)
        return first
    }

    func value() async -> T? {
        await withCheckedContinuation { continuation in
            let settled = state.withLock { state -> T?? in
                if let settled = state.settled { return settled }
                state.waiter = continuation
                return nil
            }
            if let settled { continuation.resume(returning: settled) }
        }
    }
}
