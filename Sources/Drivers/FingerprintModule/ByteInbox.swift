import Synchronization

/// A thread-safe queue of received bytes with one async reader and a read timeout. Producers
/// (reader threads, in-process peers) call `append` from any thread.
///
/// The buffer holds at most `budget.maxBufferedBytes`. An arrival that would exceed it drops everything
/// buffered and the arrival itself, and the next read fails once with `ByteLinkError.overflow`; bytes that
/// arrive after that are buffered and read as usual. A packet protocol recovers by resynchronising on the
/// next packet header, and the caller learns that bytes were lost instead of getting a spliced stream.
public final class ByteInbox: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<[UInt8], any Error>
        var timer: Task<Void, Never>?
    }

    private struct State {
        var buffer: [UInt8] = []
        /// Bytes dropped by overflows not yet reported to a read.
        var discarded = 0
        var closedReason: ByteLinkError?
        var waiter: Waiter?
        var nextID: UInt64 = 0

        /// What a read gets now: the overflow report first, then the buffered bytes, then the close reason.
        mutating func takeAvailable(limit: Int) -> Result<[UInt8], ByteLinkError>? {
            if discarded > 0 {
                defer { discarded = 0 }
                return .failure(.overflow(limit: limit, discardedBytes: discarded))
            }
            if !buffer.isEmpty {
                defer { buffer = [] }
                return .success(buffer)
            }
            if let closedReason { return .failure(closedReason) }
            return nil
        }
    }

    private let state = Mutex(State())
    private let clock: any Clock<Duration>
    /// The most bytes buffered while nobody reads.
    public let budget: ByteInboxBudget

    /// `clock` times read timeouts; `budget` bounds the buffer.
    public init(clock: any Clock<Duration> = ContinuousClock(), budget: ByteInboxBudget = .default) {
        self.clock = clock
        self.budget = budget
    }

    /// Whether `close` has been called.
    public var isClosed: Bool { state.withLock { $0.closedReason != nil } }

    /// Bytes buffered now, waiting for a read.
    public var bufferedByteCount: Int { state.withLock { $0.buffer.count } }

    /// Adds received bytes and wakes the waiting reader. Ignored after `close`. Bytes that would take the
    /// buffer past the budget are dropped together with those buffered, and the next read reports it.
    public func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        let limit = budget.maxBufferedBytes
        let wake: (Waiter, Result<[UInt8], ByteLinkError>)? = state.withLock { state in
            guard state.closedReason == nil else { return nil }
            if bytes.count > limit - state.buffer.count {
                // Saturating: a device may flood for as long as it likes before anyone reads.
                let (total, overflowed) = state.discarded.addingReportingOverflow(state.buffer.count + bytes.count)
                state.discarded = overflowed ? Int.max : total
                state.buffer = []
            } else {
                state.buffer += bytes
            }
            guard let waiter = state.waiter, let result = state.takeAvailable(limit: limit) else { return nil }
            state.waiter = nil
            return (waiter, result)
        }
        if let (waiter, result) = wake {
            waiter.timer?.cancel()
            waiter.continuation.resume(with: result.mapError { $0 as any Error })
        }
    }

    /// Marks the inbox closed: an overflow report and bytes already buffered are still delivered, then
    /// reads fail with `reason`.
    public func close(_ reason: ByteLinkError = .closed) {
        let waiter: Waiter? = state.withLock { state in
            if state.closedReason == nil { state.closedReason = reason }
            guard state.buffer.isEmpty, state.discarded == 0 else { return nil }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.timer?.cancel()
        waiter?.continuation.resume(throwing: reason)
    }

    /// Everything buffered (at least one byte), waiting up to `timeout` for the first byte. Throws
    /// `.overflow` once after bytes were dropped, `.timeout` when nothing arrived and the close reason after
    /// `close`.
    public func read(timeout: Duration) async throws(ByteLinkError) -> [UInt8] {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        do {
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[UInt8], any Error>) in
                    register(id: id, timeout: timeout, continuation: continuation)
                }
            } onCancel: {
                self.fail(id: id, with: .cancelled)
            }
        } catch let error as ByteLinkError {
            throw error
        } catch {
            throw .cancelled
        }
    }

    private func register(id: UInt64, timeout: Duration, continuation: CheckedContinuation<[UInt8], any Error>) {
        let limit = budget.maxBufferedBytes
        let immediate: Result<[UInt8], ByteLinkError>? = state.withLock { state in
            if let available = state.takeAvailable(limit: limit) { return available }
            if Task.isCancelled { return .failure(.cancelled) }
            if state.waiter != nil { return .failure(.concurrentRead) }
            state.waiter = Waiter(id: id, continuation: continuation, timer: nil)
            return nil
        }
        if let immediate {
            continuation.resume(with: immediate.mapError { $0 as any Error })
            return
        }
        let clock = self.clock
        let timer = Task {
            do {
                try await clock.sleep(for: timeout)
            } catch {
                return
            }
            self.fail(id: id, with: .timeout(timeout))
        }
        let stillWaiting = state.withLock { state in
            guard state.waiter?.id == id else { return false }
            state.waiter?.timer = timer
            return true
        }
        if !stillWaiting { timer.cancel() }
    }

    private func fail(id: UInt64, with error: ByteLinkError) {
        let waiter: Waiter? = state.withLock { state in
            guard state.waiter?.id == id else { return nil }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.timer?.cancel()
        waiter?.continuation.resume(throwing: error)
    }
}
