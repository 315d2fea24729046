import Enrollment
import Logging
import ServiceLifecycle

extension Terminal {
    /// The terminal's parts as services, in start order. A `ServiceGroup` shuts them down one by one in
    /// the reverse order, so each step still has what it needs:
    /// 1. `enrollment` stops taking pushes, cancels the running enrollment on the terminal (107 to the
    ///    cloud while within its window; a commit already under way finishes) and waits until it has
    ///    ended and the cloud has answered, within `ShutdownBudget.enrollment`;
    /// 2. `outbox` stops its timer and makes a last flush within `ShutdownBudget.finalFlush`;
    /// 3. `recognition` stops polling (a passage is committed before its event, so none is half-made);
    ///    `passages` stops sending (what is unsent stays committed for the next start);
    ///    `directory` stops between two transactions (a full pull resumes after the next login);
    /// 4. `session` closes the WeCom session (the client bounds its own close).
    /// The caller puts what must outlive them (closing the store and the devices) before these.
    public nonisolated func services() -> [any Service] {
        // A service that returns ends the whole group: a part that has nothing to run is left out.
        let recognition: [any Service] =
            self.recognition.map { loop in [TerminalPart(name: "recognition", run: { await loop.run() })] } ?? []
        return [
            TerminalPart(name: "session", run: { await self.runSession() }),
            TerminalPart(name: "directory", run: { await self.directory.run() }),
            TerminalPart(name: "passages", run: { await self.passages.run(clock: self.clock) }),
        ] + recognition + [

            TerminalPart(
                name: "outbox", run: { await self.uploader.run() },
                drain: { await self.flushForShutdown() }),
            TerminalPart(
                name: "enrollment", run: { await self.followEnrollments() },
                drain: { await self.cancelForShutdown() }),
        ]
    }

    /// `attendctl enroll cancel`: cancels the running enrollment on the terminal (107 to the cloud for a
    /// cloud operation) and returns how it ended, once it has (bounded by `ShutdownBudget.enrollment`).
    public func cancelRunningEnrollment() async -> TerminalCancelResult {
        guard let running = await runner.runningRequest else { return .nothingRunning }
        reporter.report(.notice("the operator cancels the enrollment of \(running.userid) on the terminal"))
        let outcome = await BoundedWait.value(within: budget.enrollment, clock: clock) {
            await self.cancelAndAwaitAnswer(of: running)
        }
        return .cancelled(running, outcome: outcome ?? nil)
    }

    /// Graceful shutdown, step 1 (after pushes stopped): the running enrollment ends with 107.
    func cancelForShutdown() async {
        guard let running = await runner.runningRequest else { return }
        reporter.report(.notice("shutting down: cancelling the enrollment of \(running.userid) on the terminal"))
        let ended = await BoundedWait.run(within: budget.enrollment, clock: clock) {
            for outcome in await self.runner.cancelForShutdown() { await self.awaitAnswer(to: outcome) }
        }
        if !ended {
            reporter.report(
                .notice(
                    "shutting down: the enrollment of \(running.userid) did not end within \(budget.enrollment); leaving it"
                ))
        }
    }

    /// Graceful shutdown, step 2: one last flush of the outbox while the session is still up.
    func flushForShutdown() async {
        let flushed = await BoundedWait.run(within: budget.finalFlush, clock: clock) { await self.uploader.flush() }
        if !flushed {
            reporter.report(
                .notice("shutting down: the outbox's last flush did not end within \(budget.finalFlush); rows stay"))
        }
    }

    /// Cancels on the terminal, waits for the operation's end (a commit under way finishes first) and,
    /// when its failure went to the cloud, for the cloud's answer to it.
    private func cancelAndAwaitAnswer(of running: EnrollmentRequest) async -> EnrollmentOutcome? {
        let cancelled = await runner.cancelOnTerminal()
        let outcome = cancelled != nil ? cancelled : await runner.waitForCompletion()
        if let outcome, outcome.request == running { await awaitAnswer(to: outcome) }
        return outcome
    }

    /// Waits for the cloud's answer to `outcome`'s failure upload, when one was sent.
    private func awaitAnswer(to outcome: EnrollmentOutcome) async {
        guard case .failed(_, reported: true) = outcome.result, let operID = outcome.request.operID else { return }
        await failureUploads.waitForAnswer(to: operID)
    }
}

/// What `Terminal.cancelRunningEnrollment()` did.
public enum TerminalCancelResult: Sendable, Equatable {
    /// No enrollment was running.
    case nothingRunning
    /// The running enrollment was cancelled; `outcome` is how it ended (nil: not within the budget).
    /// A commit already under way is not cancelled: its outcome is then a success.
    case cancelled(EnrollmentRequest, outcome: EnrollmentOutcome?)
}

/// One part of the terminal: `run` until graceful shutdown (or cancellation), then `drain`.
struct TerminalPart: Service, CustomStringConvertible {
    let name: String
    let body: @Sendable () async -> Void
    let drain: @Sendable () async -> Void

    init(
        name: String, run body: @escaping @Sendable () async -> Void,
        drain: @escaping @Sendable () async -> Void = {}
    ) {
        self.name = name
        self.body = body
        self.drain = drain
    }

    var description: String { name }

    func run() async throws {
        await cancelWhenGracefulShutdown { await body() }
        guard !Task.isCancelled else { return }
        await drain()
    }
}

/// A service that only closes something: it waits for the graceful shutdown (which reaches it after
/// every service started after it has ended), then runs `close` within `limit`.
public struct ClosingService: Service, CustomStringConvertible {
    public let name: String
    private let limit: Duration
    private let close: @Sendable () async -> Void

    public init(name: String, within limit: Duration, close: @escaping @Sendable () async -> Void) {
        self.name = name
        self.limit = limit
        self.close = close
    }

    public var description: String { name }

    public func run() async throws {
        try? await gracefulShutdown()
        _ = await BoundedWait.run(within: limit, clock: ContinuousClock(), close)
    }
}
