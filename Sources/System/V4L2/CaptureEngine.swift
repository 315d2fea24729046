import Foundation
import Synchronization
import SystemSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A dequeued buffer on its way from the capture thread to the caller waiting for it.
struct LentFrame: Sendable {
    let buffer: V4L2DequeuedBuffer
    let region: MappedRegion
}

/// Runs `poll()` + DQBUF on a dedicated thread and lends each frame to one waiting caller.
///
/// Only the capture thread touches the source. Callers take frames through `nextFrame()` and give
/// them back with `giveBack(_:)`; the thread then requeues them. A self-pipe wakes the thread at
/// once for returns and stops, so stopping never waits for a poll timeout. Teardown (STREAMOFF,
/// munmap, close) runs on the thread after every lent buffer is back.
final class CaptureEngine: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<LentFrame, any Error>
    }

    private struct State {
        var waiters: [Waiter] = []
        var unregistered: Set<UInt64> = []
        var cancelledBeforeRegistering: Set<UInt64> = []
        var nextWaiterID: UInt64 = 0
        var returned: [Int] = []
        var lent: Set<Int> = []
        var stopRequested = false
        var termination: V4L2Error?
        var finished = false
        var finishWaiters: [CheckedContinuation<Void, Never>] = []
        var statistics = V4L2StreamStatistics()
        var tracker = FrameSequenceTracker()
    }

    private let source: any CaptureSource
    private let wakePipe: WakePipe
    private let pollTimeoutMilliseconds: Int32
    private let state = Mutex(State())

    /// Longest pause after DQBUF said EAGAIN although poll said ready (umockdev's regular-file node).
    private static let maximumBackoffMilliseconds: Int32 = 8

    init(source: any CaptureSource, pollTimeout: Duration) throws(V4L2Error) {
        do {
            wakePipe = try WakePipe()
        } catch {
            throw V4L2Error(errno: error.code, operation: "pipe")
        }
        self.source = source
        let (seconds, attoseconds) = pollTimeout.components
        let whole = seconds.multipliedReportingOverflow(by: 1000)
        let total = whole.partialValue.addingReportingOverflow(attoseconds / 1_000_000_000_000_000)
        let milliseconds = whole.overflow || total.overflow ? (seconds < 0 ? 1 : Int64.max) : total.partialValue
        pollTimeoutMilliseconds = Int32(clamping: max(1, milliseconds))
    }

    deinit {
        wakePipe.closeDescriptors()
    }

    /// Starts the capture thread.
    func start() {
        let heartbeat = ThreadHeartbeats.register("V4L2Capture")
        let thread = Thread { [self] in run(heartbeat: heartbeat) }
        thread.name = "V4L2Capture"
        thread.start()
    }

    var statistics: V4L2StreamStatistics { state.withLock { $0.statistics } }

    /// How many callers are waiting in `nextFrame()`.
    var waitingCallers: Int { state.withLock { $0.waiters.count } }

    /// Whether teardown has completed.
    var isFinished: Bool { state.withLock { $0.finished } }

    /// Why the stream ended; nil while it runs.
    var termination: V4L2Error? {
        state.withLock { $0.finished || $0.stopRequested ? $0.termination ?? .streamEnded : nil }
    }

    /// Waits for the next frame; throws the stream's termination error or `CancellationError`.
    func nextFrame() async throws -> LentFrame {
        let id = state.withLock { state in
            defer { state.nextWaiterID += 1 }
            state.unregistered.insert(state.nextWaiterID)
            return state.nextWaiterID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<LentFrame, any Error>) in
                let refusal: (any Error)? = state.withLock { state in
                    state.unregistered.remove(id)
                    if state.stopRequested || state.finished { return state.termination ?? .streamEnded }
                    if state.cancelledBeforeRegistering.remove(id) != nil { return CancellationError() }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let refusal { continuation.resume(throwing: refusal) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                if let position = state.waiters.firstIndex(where: { $0.id == id }) {
                    return state.waiters.remove(at: position)
                }
                if state.unregistered.contains(id) { state.cancelledBeforeRegistering.insert(id) }
                return nil
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Returns a lent buffer; the capture thread requeues it.
    func giveBack(_ index: Int) {
        state.withLock { state in
            state.lent.remove(index)
            state.returned.append(index)
        }
        wake()
    }

    /// Asks the thread to stop; waiting callers get `.streamEnded`. Returns at once.
    func requestStop() {
        let waiters = state.withLock { state in
            state.stopRequested = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.continuation.resume(throwing: V4L2Error.streamEnded) }
        wake()
    }

    /// Stops and waits until the thread has torn the device down.
    func stop() async {
        requestStop()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state in
                if !state.finished { state.finishWaiters.append(continuation) }
                return state.finished
            }
            if done { continuation.resume() }
        }
    }

    // MARK: capture thread

    private func run(heartbeat: ThreadHeartbeat) {
        var queued = source.regions.count
        var backoff: Int32 = 1
        while true {
            heartbeat.beat()
            let (returned, stopping, nothingLent) = state.withLock { state in
                defer { state.returned.removeAll() }
                return (state.returned, state.stopRequested, state.lent.isEmpty)
            }
            if stopping {
                if nothingLent { break }
                waitForWake(milliseconds: pollTimeoutMilliseconds)
                continue
            }
            do {
                for index in returned {
                    try source.requeue(index)
                    queued += 1
                }
            } catch {
                terminate(error)
                continue
            }
            guard queued > 0, let descriptor = source.pollDescriptor else {
                waitForWake(milliseconds: pollTimeoutMilliseconds)
                continue
            }
            guard pollSourceReady(descriptor) else { continue }
            let buffer: V4L2DequeuedBuffer?
            do {
                buffer = try source.dequeue()
            } catch {
                terminate(error)
                continue
            }
            guard let buffer else {
                waitForWake(milliseconds: backoff)
                backoff = min(backoff * 2, Self.maximumBackoffMilliseconds)
                continue
            }
            backoff = 1
            queued -= 1
            if !lend(buffer) {
                do {
                    try source.requeue(buffer.index)
                    queued += 1
                } catch {
                    terminate(error)
                }
            }
        }
        heartbeat.end()
        source.teardown()
        let (waiters, finishWaiters, ending) = state.withLock { state in
            state.finished = true
            if state.termination == nil { state.termination = .streamEnded }
            defer {
                state.waiters.removeAll()
                state.finishWaiters.removeAll()
            }
            return (state.waiters, state.finishWaiters, state.termination ?? .streamEnded)
        }
        for waiter in waiters { waiter.continuation.resume(throwing: ending) }
        for waiter in finishWaiters { waiter.resume() }
    }

    /// Records the buffer in the statistics and hands it to the first waiting caller, if any.
    private func lend(_ buffer: V4L2DequeuedBuffer) -> Bool {
        let waiter = state.withLock { state -> Waiter? in
            state.statistics.dequeued += 1
            state.tracker.record(buffer.sequence)
            state.statistics.dropped = state.tracker.dropped
            state.statistics.lastSequence = buffer.sequence
            state.statistics.lastTimestamp = buffer.timestamp
            if buffer.isError || buffer.bytesUsed == 0 {
                state.statistics.corrupt += 1
                return nil
            }
            guard !state.stopRequested, !state.waiters.isEmpty else {
                state.statistics.unclaimed += 1
                return nil
            }
            state.lent.insert(buffer.index)
            state.statistics.delivered += 1
            return state.waiters.removeFirst()
        }
        waiter?.continuation.resume(returning: LentFrame(buffer: buffer, region: source.regions[buffer.index]))
        return waiter != nil
    }

    private func terminate(_ error: V4L2Error) {
        let waiters = state.withLock { state in
            if state.termination == nil { state.termination = error }
            state.stopRequested = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.continuation.resume(throwing: error) }
    }

    /// Polls the wake pipe and `descriptor`; true when the source has something (data or an error) to read.
    private func pollSourceReady(_ descriptor: CInt) -> Bool {
        var descriptors = [
            pollfd(fd: wakePipe.readFD, events: Int16(POLLIN), revents: 0),
            pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
        ]
        let result = poll(&descriptors, 2, pollTimeoutMilliseconds)
        guard result > 0 else { return false }
        if descriptors[0].revents != 0 { wakePipe.drain() }
        return descriptors[1].revents & Int16(POLLIN | POLLERR | POLLHUP | POLLNVAL) != 0
    }

    private func waitForWake(milliseconds: Int32) {
        var descriptor = pollfd(fd: wakePipe.readFD, events: Int16(POLLIN), revents: 0)
        if poll(&descriptor, 1, milliseconds) > 0 { wakePipe.drain() }
    }

    private func wake() {
        wakePipe.signal()
    }
}
