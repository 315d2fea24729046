import Biometrics
import FingerprintModuleSim
import Foundation
import SimulatedWorld
import TerminalStore
import TerminalTesting
import Testing
import WeComCloudSim

/// A daemon stopped in the middle of a cloud enrollment (a kill, a power cut) answers that operation after
/// its restart, while the result window is open, instead of leaving the cloud waiting for its timeout.
@Suite("End to end: an operation interrupted by a restart is answered", .serialized)
struct InterruptedOperationTests {
    static let sn = "E2E-INTERRUPTED"

    @Test("the terminal stops mid-capture; the next run answers the operation 110 and forgets it")
    func answeredAfterRestart() async throws {
        let world = try await SimulatedWorld.start(
            sn: Self.sn, secretNo: "e2e-interrupted", members: [("wangwu", "王五")])
        defer { Task { await world.stop() } }
        let store = try TerminalStore.inMemory()
        // Known locally: no check_userid, whose failure once the first run stops would end its enrollment
        // (a stop in a test is not a kill: the first run's runner lives on until the capture deadline).
        try store.upsertMember(Member(userid: UserID("wangwu")))
        let module = InProcessModule(SimulatedZFMModule(clock: ContinuousClock()))
        defer { module.stop() }
        // Nobody presses: the first run is still capturing when it stops.
        let config = try world.config(#""capture": {"presses": 3, "deadline_s": 30, "poll_interval_ms": 50}"#)
        let first = try await world.startTerminal(
            config: config, store: store, fingerprint: module.device, reporter: RecordingReporter())
        let operID = try await world.cloud.pushEnrollment(sn: Self.sn, userid: "wangwu", pageType: .fingerprint)
        guard
            await eventuallyHolds(
                upTo: 1_000, every: .milliseconds(20), { (try? store.operationInProgress())??.operID == operID })
        else { throw HarnessError("the operation was never recorded") }
        await first.stop()

        let reporter = RecordingReporter()
        let second = try await world.startTerminal(
            config: try world.config(), store: store, fingerprint: nil, reporter: reporter)
        defer { Task { await second.stop() } }
        let operation = try await world.cloud.waitForOperation(operID, timeout: .seconds(30))
        #expect(operation.resultErrcode == 110, "\(operation)")
        #expect(operation.status != .late)
        #expect(try store.operationInProgress() == nil)
        #expect(try store.recentEnrollmentLog().first?.operID == operID)
    }

    @Test("an operation whose result was produced before the stop is not answered again")
    func alreadyAnsweredIsLeftAlone() async throws {
        let store = try TerminalStore.inMemory()
        let userid = try UserID("wangwu")
        try store.recordOperationInProgress(
            OperationInProgress(
                operID: "op-done", userid: userid, userType: .employee, modality: .fingerprint,
                deadline: Date().addingTimeInterval(40), window: 55))
        try store.appendEnrollmentLog(
            EnrollmentLogEntry(
                at: Date(), userid: "wangwu", modality: .fingerprint, slot: 0, operID: "op-done", errcode: 0,
                errmsg: "ok"))
        #expect(try store.hasResult(forOperID: "op-done"))
        #expect(try !store.hasResult(forOperID: "op-other"))
        // An older operation ending never removes a newer one's record.
        try store.clearOperationInProgress(operID: "op-older")
        #expect(try store.operationInProgress()?.operID == "op-done")

        let world = try await SimulatedWorld.start(
            sn: Self.sn, secretNo: "e2e-interrupted", members: [("wangwu", "王五")])
        defer { Task { await world.stop() } }
        let reporter = RecordingReporter()
        let running = try await world.startTerminal(
            config: try world.config(), store: store, fingerprint: nil, reporter: reporter)
        defer { Task { await running.stop() } }
        guard
            await eventuallyHolds(
                upTo: 1_000, every: .milliseconds(20), { (try? store.operationInProgress()) == .some(nil) })
        else { throw HarnessError("the record was never cleared") }
        #expect(await world.cloud.uploads().isEmpty, "nothing sent for an operation that has its result")
        #expect(
            reporter.events.contains {
                if case .notice(let text) = $0 {
                    text.contains("op-done") && text.contains("has its result")
                } else {
                    false
                }
            })
    }
}
