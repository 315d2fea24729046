import ClockTesting
import Dispatch
import Synchronization
import SystemSupport
import Testing

/// A job that blocks its worker's thread until the test opens it, as a decoder stuck in C code would.
private final class StuckJob: Sendable {
    private let gate = DispatchSemaphore(value: 0)
    private let state = Mutex((started: false, finished: false))

    var started: Bool { state.withLock { $0.started } }
    var finished: Bool { state.withLock { $0.finished } }

    func block() -> Int {
        state.withLock { $0.started = true }
        gate.wait()
        state.withLock { $0.finished = true }
        return -1
    }

    func open() { gate.signal() }
}

/// A flag set once from any thread.
private final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}

/// What `body` gave or threw.
private func outcome<T>(
    _ body: () async throws(DeadlineWorkerError) -> T
) async -> Result<T, DeadlineWorkerError> {
    do { return .success(try await body()) } catch { return .failure(error) }
}

/// Waits (without a time limit: the test runner's own limit applies) until `condition` holds.
private func waitUntil(_ condition: () -> Bool) async {
    while !condition() { try? await Task.sleep(for: .milliseconds(1)) }
}

/// Advances `clock` by `step` until `task` has finished, and returns its result.
private func advance<T: Sendable>(
    _ clock: ManualClock, by step: Duration, until task: Task<T, Never>, done: Flag
) async -> T {
    while !done.isSet {
        clock.advance(by: step)
        try? await Task.sleep(for: .milliseconds(1))
    }
    return await task.value
}

@Suite("DeadlineWorker: one job at a time off the cooperative pool, each answered by its deadline")
struct DeadlineWorkerTests {
    @Test("a job that returns in time gives its result")
    func returnsInTime() async throws {
        let worker = DeadlineWorker(label: "test.in-time", clock: ManualClock())
        #expect(try await worker.run(deadline: .seconds(1)) { 6 * 7 } == 42)
        await waitUntil { worker.unfinishedJobs == 0 }
    }

    @Test(
        "a stuck job is abandoned at its deadline; the next waits behind it and is refused; then the worker runs again")
    func stuckJob() async throws {
        let clock = ManualClock()
        let worker = DeadlineWorker(label: "test.stuck", clock: clock)
        let stuck = StuckJob()
        let firstDone = Flag()
        let first = Task {
            defer { firstDone.set() }
            return await outcome { () async throws(DeadlineWorkerError) in
                try await worker.run(deadline: .seconds(2)) { stuck.block() }
            }
        }
        await waitUntil { stuck.started }
        let firstResult = await advance(clock, by: .seconds(1), until: first, done: firstDone)
        #expect(throws: DeadlineWorkerError.deadlinePassed(worker: "test.stuck", deadline: .seconds(2))) {
            try firstResult.get()
        }
        #expect(!stuck.finished, "the abandoned job still holds its thread")
        #expect(worker.unfinishedJobs == 1 && worker.isRunningJob)

        let ran = Flag()
        let secondDone = Flag()
        let second = Task {
            defer { secondDone.set() }
            return await outcome { () async throws(DeadlineWorkerError) in
                try await worker.run(deadline: .seconds(3)) {
                    ran.set()
                    return 1
                }
            }
        }
        let secondResult = await advance(clock, by: .seconds(1), until: second, done: secondDone)
        #expect(throws: DeadlineWorkerError.stillBehindEarlierJob(worker: "test.stuck", deadline: .seconds(3))) {
            try secondResult.get()
        }

        stuck.open()
        await waitUntil { worker.unfinishedJobs == 0 }
        #expect(!worker.isRunningJob)
        #expect(!ran.isSet, "a job refused while it waited never runs")
        #expect(try await worker.run(deadline: .seconds(1)) { 3 } == 3)
    }

    @Test("a job whose deadline has passed before it could start never runs")
    func expiredBeforeStart() async throws {
        let worker = DeadlineWorker(label: "test.expired", clock: ManualClock())
        let ran = Flag()
        let result = await outcome { () async throws(DeadlineWorkerError) in
            try await worker.run(deadline: .zero) { ran.set() }
        }
        #expect(throws: DeadlineWorkerError.deadlinePassed(worker: "test.expired", deadline: .zero)) {
            try result.get()
        }
        await waitUntil { worker.unfinishedJobs == 0 }
        #expect(!ran.isSet)
    }

    @Test("a cancelled caller is answered at once; its job, still waiting, never runs")
    func cancelledCaller() async throws {
        let worker = DeadlineWorker(label: "test.cancel", clock: ManualClock())
        let stuck = StuckJob()
        let first = Task { try? await worker.run(deadline: .seconds(5)) { stuck.block() } }
        await waitUntil { stuck.started }
        let ran = Flag()
        let second = Task {
            await outcome { () async throws(DeadlineWorkerError) in
                try await worker.run(deadline: .seconds(5)) {
                    ran.set()
                    return 2
                }
            }
        }
        second.cancel()
        let secondResult = await second.value
        #expect(throws: DeadlineWorkerError.cancelled(worker: "test.cancel")) { try secondResult.get() }
        stuck.open()
        #expect(await first.value == -1)
        await waitUntil { worker.unfinishedJobs == 0 }
        #expect(!ran.isSet)
    }

    @Test("the job runs off the cooperative pool: blocking it does not stop other tasks")
    func offPool() async throws {
        let worker = DeadlineWorker(label: "test.off-pool", clock: ManualClock())
        let stuck = [StuckJob(), StuckJob()]
        // Two blocked jobs on two workers would take both threads of a 2-thread cooperative pool.
        let other = DeadlineWorker(label: "test.off-pool.2", clock: ManualClock())
        let a = Task { try? await worker.run(deadline: .seconds(5)) { stuck[0].block() } }
        let b = Task { try? await other.run(deadline: .seconds(5)) { stuck[1].block() } }
        await waitUntil { stuck.allSatisfy(\.started) }
        let sum = await withTaskGroup(of: Int.self) { group in
            for i in 1...4 { group.addTask { i } }
            return await group.reduce(0, +)
        }
        #expect(sum == 10)
        stuck.forEach { $0.open() }
        #expect(await a.value == -1)
        #expect(await b.value == -1)
    }
}
