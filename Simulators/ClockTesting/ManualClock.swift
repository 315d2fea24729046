import Synchronization

/// A clock that only moves when a test advances it, for simulators and drivers that take an injected
/// clock. What a sleeper does is chosen per clock: wait until the test has advanced the clock past
/// its deadline (the default), or jump the clock straight to the deadline.
public final class ManualClock: Clock, Sendable {
    public struct Instant: InstantProtocol {
        public var offset: Duration

        public init(offset: Duration) { self.offset = offset }

        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    /// What `sleep(until:)` does.
    public enum Sleeping: Sendable {
        /// Returns once `advance(by:)` has moved the clock to the deadline (or throws when cancelled).
        case untilAdvanced
        /// Moves the clock to the deadline at once and returns.
        case jumpsToDeadline
    }

    private struct State {
        var now = Instant(offset: .zero)
        var nextSleeperID = 0
        var sleepers: [Int: (deadline: Instant, continuation: CheckedContinuation<Void, any Error>)] = [:]

        /// Removes the sleepers whose deadline has come; the caller resumes them outside the lock.
        mutating func wakeDue() -> [CheckedContinuation<Void, any Error>] {
            let due = sleepers.filter { $0.value.deadline <= now }
            for id in due.keys { sleepers[id] = nil }
            return due.values.map(\.continuation)
        }
    }

    private let state = Mutex(State())
    private let sleeping: Sleeping

    public init(sleeping: Sleeping = .untilAdvanced) {
        self.sleeping = sleeping
    }

    public var now: Instant { state.withLock { $0.now } }
    public var minimumResolution: Duration { .zero }

    /// Moves the clock forward and wakes every sleeper whose deadline has come.
    public func advance(by duration: Duration) {
        let due = state.withLock { state in
            state.now = state.now.advanced(by: duration)
            return state.wakeDue()
        }
        due.forEach { $0.resume() }
    }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try Task.checkCancellation()
        switch sleeping {
        case .jumpsToDeadline:
            let due = state.withLock { state in
                state.now = max(state.now, deadline)
                return state.wakeDue()
            }
            due.forEach { $0.resume() }
        case .untilAdvanced:
            let id = state.withLock { state in
                defer { state.nextSleeperID += 1 }
                return state.nextSleeperID
            }
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let resumeNow: Result<Void, any Error>? = state.withLock { state in
                        if Task.isCancelled { return .failure(CancellationError()) }
                        if deadline <= state.now { return .success(()) }
                        state.sleepers[id] = (deadline, continuation)
                        return nil
                    }
                    if let resumeNow { continuation.resume(with: resumeNow) }
                }
            } onCancel: {
                let cancelled = state.withLock { $0.sleepers.removeValue(forKey: id) }
                cancelled?.continuation.resume(throwing: CancellationError())
            }
        }
    }
}
