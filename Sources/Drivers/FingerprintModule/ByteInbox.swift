import Synchronization

/// A thread-safe queue of received bytes with one async reader and a read timeout. Producers
/// (reader threads, in-process peers) call `append` from any thread.
public final class ByteInbox: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<[UInt8], any Error>
        var timer: Task<Void, Never>?
    }

    private struct State {
        var buffer: [UInt8] = []
        var closedReason: ByteLinkError?
        var waiter: Waiter?
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())
    private let clock: any Clock<Duration>

    /// `clock` times read timeouts.
    public init(clock: any Clock<Duration> = ContinuousClock()) {
        self.clock = clock
    }

    /// Whether `close` has been called.
    public var isClosed: Bool { state.withLock { $0.closedReason != nil } }

    /// Adds received bytes and wakes the waiting reader. Ignored after `close`.
    public func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        let wake: (Waiter, [UInt8])? = state.withLock { state in
            guard state.closedReason == nil else { return nil }
            state.buffer += bytes
            guard let waiter = state.waiter else { return nil }
            state.waiter = nil
            defer { state.buffer = [] }
            return (waiter, state.buffer)
        }
        if let (waiter, bytes) = wake {
            waiter.timer?.cancel()
            waiter.continuation.resume(returning: bytes)
        }
    }

    /// Marks the inbox closed: bytes already buffered are still delivered, then reads fail with `reason`.
    public func close(_ reason: ByteLinkError = .closed) {
        let waiter: Waiter? = state.withLock { state in
            if state.closedReason == nil { state.closedReason = reason }
            guard state.buffer.isEmpty else { return nil }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.timer?.cancel()
        waiter?.continuation.resume(throwing: reason)
    }

    /// Everything buffered (at least one byte), waiting up to `timeout` for the first byte.
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
        let immediate: Result<[UInt8], ByteLinkError>? = state.withLock { state in
            if !state.buffer.isEmpty {
                defer { state.buffer = [] }
                return .success(state.buffer)
            }
            if let reason = state.closedReason { return .failure(reason) }
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
