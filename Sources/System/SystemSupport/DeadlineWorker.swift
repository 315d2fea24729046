import Synchronization

/// Runs untrusted, possibly endless work (decoding a photo or a camera frame) one job at a time on an
/// `OffPoolWorker` of its own, and gives each caller its answer by a deadline.
///
/// A job that runs past its deadline is abandoned: its caller gets `.deadlinePassed` at once, but the
/// thread it runs on cannot be stopped (a decoder stuck in C code has no cancellation point), so it
/// keeps that one thread until it returns and its result is dropped. Only this worker's later jobs
/// wait for it, each at most until its own deadline (then `.stillBehindEarlierJob`); other workers,
/// and Swift's cooperative pool, never do. Give each device its own worker.
public final class DeadlineWorker: Sendable {
    /// Names the worker in errors and in the dispatch queue's label.
    public let label: String
    private let worker: OffPoolWorker
    private let clock: any Clock<Duration>
    private let unfinished = Mutex(0)
    private let running = Mutex(false)

    /// A worker whose deadlines are measured on `clock`.
    public init(label: String, clock: any Clock<Duration> = ContinuousClock()) {
        self.label = label
        worker = OffPoolWorker(label: label)
        self.clock = clock
    }

    /// Jobs submitted that have not returned yet (queued, running, or abandoned but still running).
    public var unfinishedJobs: Int { unfinished.withLock { $0 } }

    /// Whether a job's work is executing now (perhaps one abandoned at its deadline).
    public var isRunningJob: Bool { running.withLock { $0 } }

    /// `work`'s result if it returns within `deadline` from now, counting the time spent waiting
    /// behind this worker's earlier jobs.
    ///
    /// Throws `.deadlinePassed` (the job runs on, its result dropped), `.stillBehindEarlierJob` (the
    /// job never runs) or `.cancelled` when the calling task is cancelled first (a job that has not
    /// started never runs; one that has runs to its end).
    public func run<T: Sendable>(
        deadline: Duration, _ work: @escaping @Sendable () -> T
    ) async throws(DeadlineWorkerError) -> T {
        let job = DeadlineJob<T>()
        let expiry = Self.expiry(on: clock, after: deadline)
        let behindEarlierJob = unfinished.withLock { count in
            defer { count += 1 }
            return count > 0
        }
        let expire = { @Sendable [label] in
            job.expire(worker: label, deadline: deadline, behindEarlierJob: behindEarlierJob)
        }
        worker.submit { [self] in
            // A job that reaches the front of the line after its deadline never starts.
            if expiry.hasPassed() { expire() }
            job.runUnlessAnswered(work) { started in running.withLock { $0 = started } }
            unfinished.withLock { $0 -= 1 }
        }
        let timer = Task {
            guard (try? await expiry.wait()) != nil else { return }
            expire()
        }
        defer { timer.cancel() }
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in job.attach(continuation) }
        } onCancel: { [label] in
            job.cancel(worker: label)
        }
        return try result.get()
    }

    /// The instant `duration` after now, fixed here, before any task is scheduled, so a test clock
    /// advanced in the meantime still counts.
    private static func expiry<C: Clock>(on clock: C, after duration: Duration) -> Expiry
    where C.Duration == Duration {
        let instant = clock.now.advanced(by: duration)
        return Expiry(
            wait: { try await clock.sleep(until: instant, tolerance: nil) }, hasPassed: { clock.now >= instant })
    }
}

/// A job's deadline on the worker's clock.
private struct Expiry: Sendable {
    /// Returns once the deadline has come; throws when cancelled.
    let wait: @Sendable () async throws -> Void
    /// Whether the deadline has come.
    let hasPassed: @Sendable () -> Bool
}

/// One job's life: it answers its caller exactly once, with its result, its expiry or a cancellation.
private final class DeadlineJob<T: Sendable>: Sendable {
    private enum Phase {
        case waiting, running, answered
    }

    typealias Answer = Result<T, DeadlineWorkerError>

    private struct State {
        var phase = Phase.waiting
        var continuation: CheckedContinuation<Answer, Never>?
        /// The answer given before the caller's continuation was attached.
        var early: Answer?
    }

    private let state = Mutex(State())

    func attach(_ continuation: CheckedContinuation<Answer, Never>) {
        let early: Answer? = state.withLock { state in
            if let early = state.early { return early }
            state.continuation = continuation
            return nil
        }
        if let early { continuation.resume(returning: early) }
    }

    /// On the worker's queue: runs `work` unless the caller was already answered (cancelled, or its
    /// deadline passed while it waited), then answers with its result unless the deadline came first.
    /// `running` is told when the work starts and when it has returned.
    func runUnlessAnswered(_ work: @Sendable () -> T, running: (Bool) -> Void) {
        let start: Bool = state.withLock { state in
            guard state.phase == .waiting else { return false }
            state.phase = .running
            return true
        }
        guard start else { return }
        running(true)
        let value = work()
        running(false)
        answer { _ in .success(value) }
    }

    /// The deadline came: the job was running (abandoned now) or still waiting (it will never run);
    /// waiting counts as behind an earlier job only when one was unfinished at submission.
    func expire(worker: String, deadline: Duration, behindEarlierJob: Bool) {
        answer { phase in
            phase == .waiting && behindEarlierJob
                ? .failure(.stillBehindEarlierJob(worker: worker, deadline: deadline))
                : .failure(.deadlinePassed(worker: worker, deadline: deadline))
        }
    }

    func cancel(worker: String) {
        answer { _ in .failure(.cancelled(worker: worker)) }
    }

    /// Answers the caller with what `make` says for the job's phase, unless it was answered already;
    /// the phase is read and the job marked answered under one lock, so a job that has not started
    /// by then never does.
    private func answer(_ make: (Phase) -> Answer) {
        let delivery: (CheckedContinuation<Answer, Never>, Answer)? = state.withLock { state in
            guard state.phase != .answered else { return nil }
            let answer = make(state.phase)
            state.phase = .answered
            guard let continuation = state.continuation else {
                state.early = answer
                return nil
            }
            state.continuation = nil
            return (continuation, answer)
        }
        if let (continuation, answer) = delivery { continuation.resume(returning: answer) }
    }
}
