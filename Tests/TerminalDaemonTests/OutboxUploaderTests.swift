import Biometrics
import ClockTesting
import Enrollment
import Foundation
import Logging
import TerminalStore
import TerminalTesting
import Testing
import WeComDevice

@testable import TerminalDaemon

@Suite("Outbox uploader: results reach the cloud, nothing enrolled is lost")
struct OutboxUploaderTests {
    let store: TerminalStore
    let cloud = FakeCloud()
    let wall = ManualWallClock()
    let reporter = RecordingReporter()
    let uploader: OutboxUploader
    /// The path the enrollment flow hands results to: enrollment log, then the outbox or a direct failure send.
    let results: EnrollmentResultDelivery

    init() throws {
        store = try TerminalStore.inMemory()
        let logger = Logger(label: "test")
        // A monotonic clock that stands still: the uploader's steady time is then exactly the manual wall
        // clock, however long a loaded machine takes between two readings.
        uploader = OutboxUploader(
            store: store, cloud: cloud, clock: ManualClock(), wallClock: wall.function, reporter: reporter,
            logger: logger)
        results = EnrollmentResultDelivery(
            log: EnrollmentLog(store: store, wallClock: wall.function, logger: logger), outbox: uploader,
            failures: FailureResultSender(
                cloud: cloud, clock: ContinuousClock(), wallClock: wall.function, reporter: reporter, logger: logger))
    }

    private func commit(_ user: String, slot: Int = 0, operID: String? = nil, receivedAgo: TimeInterval = 0) throws {
        let userid = try UserID(user)
        // The machine's decision for a push received `receivedAgo` s ago: the standard 55 s window.
        let operation = operID.map {
            PushedOperation(
                operID: $0, receivedAt: wall.now.addingTimeInterval(-receivedAgo),
                deadline: wall.now.addingTimeInterval(55 - receivedAgo), window: 55)
        }
        try store.commitEnrollment(
            userid: userid, userType: .employee, slot: SlotID(.fingerprint, slot)!, template: template(UInt8(slot + 1)),
            operation: operation, now: wall.now)
    }

    private func committed(_ user: String, operID: String?) throws -> CommittedEnrollment {
        CommittedEnrollment(
            operID: operID, userid: try UserID(user), userType: .employee, slot: SlotID(.fingerprint, 0)!,
            template: template(1), receivedAt: wall.now, withinResultDeadline: true,
            resultDeadline: operID == nil ? nil : Self.deadline(receivedAt: wall.now))
    }

    /// The standard window decided at receipt.
    static func deadline(receivedAt: Date) -> ResultDeadline {
        ResultDeadline(receivedAt: receivedAt, window: EnrollmentSettings.standard.resultDeadline, elapsed: .zero)
    }

    @Test("a fresh success is sent with its oper_id and acknowledged")
    func successWithinTheMinute() async throws {
        try commit("alice", operID: "op-1", receivedAgo: 5)
        await results.deliverSuccess(try committed("alice", operID: "op-1"))
        let uploads = await cloud.uploads
        try #require(uploads.count == 1)
        #expect(uploads[0].result == .success(operID: "op-1"))
        #expect(uploads[0].users.map(\.userid.rawValue) == ["alice"])
        #expect(uploads[0].users[0].fingerprints?.slots == [.store(id: 0, data: template(1).data)])
        #expect(try store.outboxCount() == 0)
        #expect(try store.recentEnrollmentLog().first?.errcode == 0)
    }

    @Test("after the minute the same row goes out without oper_id")
    func lateSuccessDropsOperID() async throws {
        try commit("bob", operID: "op-2", receivedAgo: 61)
        await uploader.flush()
        let uploads = await cloud.uploads
        try #require(uploads.count == 1)
        #expect(uploads[0].result == nil)
        #expect(try store.outboxCount() == 0)
    }

    @Test("an unreachable cloud leaves rows pending; they go out once it is back")
    func outageKeepsRows() async throws {
        await cloud.setReachable(false)
        try commit("carol", operID: "op-3")
        await uploader.flush()
        #expect(try store.outboxCount() == 1)
        #expect(await cloud.uploads.isEmpty)
        await cloud.setReachable(true)
        wall.advance(by: 120)
        await uploader.flush()
        #expect(try store.outboxCount() == 0)
        #expect(await cloud.uploads.first?.result == nil, "re-pushed after the minute: no oper_id")
    }

    @Test("offline, due rows wait without attempts; going online sends them at once")
    func offlineWaits() async throws {
        try commit("kate")
        await uploader.setOnline(false)
        await uploader.flush()
        #expect(await cloud.uploads.isEmpty)
        #expect(reporter.events.isEmpty, "no failure reported every second while offline")
        #expect(try store.listOutbox().first?.attempts == 0)
        await uploader.setOnline(true)
        #expect(await cloud.uploads.count == 1)
        #expect(try store.outboxCount() == 0)
    }

    @Test("450 pending users go out in batches of at most 200")
    func batches() async throws {
        for n in 0..<450 { try commit(String(format: "user%03d", n)) }
        await uploader.flush()
        let sizes = await cloud.uploads.map(\.users.count)
        #expect(sizes == [200, 200, 50])
        #expect(try store.outboxCount() == 0)
    }

    @Test("users in fail_list stay pending with back-off; the others are acknowledged")
    func failList() async throws {
        try commit("dave")
        try commit("erin")
        await cloud.setFailUsers(["erin"])
        await uploader.flush()
        let pending = try store.listOutbox()
        #expect(pending.map(\.userid.rawValue) == ["erin"])
        #expect(pending.first?.attempts == 1)
        #expect(pending.first!.nextAttemptAt > wall.now)
        await uploader.flush()
        #expect(await cloud.uploads.count == 1, "not due again before its back-off")
        await cloud.setFailUsers([])
        wall.advance(by: 10)
        await uploader.flush()
        #expect(try store.outboxCount() == 0)
    }

    @Test("a non-zero errcode keeps every row of the batch")
    func rejectedBatch() async throws {
        try commit("frank")
        await cloud.setErrcode(600020)
        await uploader.flush()
        #expect(try store.outboxCount() == 1)
        #expect(try store.listOutbox().first?.attempts == 1)
    }

    @Test("several slots of one user travel in one entry")
    func slotsGrouped() async throws {
        try commit("gina", slot: 0)
        try commit("gina", slot: 3)
        await uploader.flush()
        let uploads = await cloud.uploads
        try #require(uploads.count == 1)
        #expect(uploads[0].users.count == 1)
        #expect(uploads[0].users[0].fingerprints?.slots.map(\.id) == [0, 3])
    }

    @Test("a slot deletion is sent as an explicit delete")
    func deletion() async throws {
        try commit("hank", slot: 2)
        await uploader.flush()
        try store.commitSlotDeletion(
            userid: try UserID("hank"), userType: .employee, slot: SlotID(.fingerprint, 2)!, operation: nil,
            now: wall.now)
        await uploader.flush()
        let uploads = await cloud.uploads
        #expect(uploads.last?.users.first?.fingerprints?.slots == [.delete(id: 2)])
    }

    @Test("a failure result is sent with oper_id, errcode and errmsg and no templates")
    func failureResult() async throws {
        let failure = FailedEnrollment(
            operID: "op-9", userid: try UserID("ivan"), userType: .visitor, modality: .fingerprint,
            failure: .timeout, receivedAt: wall.now, resultDeadline: Self.deadline(receivedAt: wall.now))
        await results.deliverFailure(failure)
        try await waitFor { await cloud.uploads.count == 1 }
        let upload = try #require(await cloud.uploads.first)
        #expect(upload.result == .init(operID: "op-9", errcode: 102, errmsg: "录入超时"))
        #expect(upload.users == [.failure(userid: try UserID("ivan"), userType: .visitor)])
        #expect(try store.recentEnrollmentLog().first?.errcode == 102)
    }

    @Test("a failure that cannot be delivered by 55 s is dropped, not queued")
    func failureDropped() async throws {
        await cloud.setReachable(false)
        let failure = FailedEnrollment(
            operID: "op-10", userid: try UserID("judy"), userType: .employee, modality: .fingerprint,
            failure: .busy, receivedAt: wall.now.addingTimeInterval(-56),
            resultDeadline: Self.deadline(receivedAt: wall.now.addingTimeInterval(-56)))
        await results.deliverFailure(failure)
        try await waitFor {
            reporter.events.contains { if case .notice(let text) = $0 { text.contains("dropped") } else { false } }
        }
        #expect(try store.outboxCount() == 0)
        #expect(await cloud.uploads.isEmpty)
    }

    private func waitFor(_ condition: () async -> Bool) async throws {
        #expect(await eventuallyHolds(condition), "the condition never held")
    }
}

/// A cloud whose answers a test programs per user and per `oper_id`; it counts every call.
actor ScriptedCloud: CloudUploading {
    private(set) var uploads: [UploadUserInfo] = []
    private(set) var calls = 0
    private var refusals: [String: (errcode: Int, errmsg: String)] = [:]
    private var spentOperIDs: Set<String> = []
    private var unreachableOperIDs: Set<String> = []
    private var failUsers: Set<String> = []
    private var reachable = true

    /// Any upload carrying `user` is refused as a whole with `errcode`.
    func refuse(_ user: String, errcode: Int, errmsg: String) { refusals[user] = (errcode, errmsg) }
    /// An upload with this `oper_id` is answered 600123 (already answered / unknown / cancelled).
    func spend(_ operID: String) { spentOperIDs.insert(operID) }
    /// An upload with this `oper_id` never reaches the cloud.
    func cutOff(_ operID: String) { unreachableOperIDs.insert(operID) }
    func setFailUsers(_ users: Set<String>) { failUsers = users }
    func setReachable(_ value: Bool) { reachable = value }

    func uploadUserInfo(_ upload: UploadUserInfo) async throws -> UploadUserInfoResponse {
        calls += 1
        guard reachable, !unreachableOperIDs.contains(upload.result?.operID ?? "") else {
            throw WebSocketClosedError()
        }
        try upload.validate()
        uploads.append(upload)
        if let operID = upload.result?.operID, spentOperIDs.contains(operID) {
            return UploadUserInfoResponse(errcode: 600123, errmsg: "oper_id already answered", failList: [])
        }
        if let refusal = upload.users.compactMap({ refusals[$0.userid.rawValue] }).first {
            return UploadUserInfoResponse(errcode: refusal.errcode, errmsg: refusal.errmsg, failList: [])
        }
        let failed = upload.users.map(\.userid.rawValue).filter(failUsers.contains)
        return UploadUserInfoResponse(errcode: 0, errmsg: "ok", failList: failed)
    }
}

@Suite("Outbox uploader (issue 13): fresh first, split, give up, spent oper_id, one deadline, steady time")
struct OutboxUploaderIssue13Tests {
    let store: TerminalStore
    let cloud = ScriptedCloud()
    let wall = ManualWallClock()
    let clock = ManualClock()
    let reporter = RecordingReporter()
    let uploader: OutboxUploader

    init() throws {
        store = try TerminalStore.inMemory()
        uploader = OutboxUploader(
            store: store, cloud: cloud, clock: clock, wallClock: wall.function, reporter: reporter,
            logger: Logger(label: "test"))
    }

    private func commit(_ user: String, slot: Int = 0, seed: UInt8 = 1, operID: String? = nil) throws {
        let operation = operID.map {
            PushedOperation(
                operID: $0, receivedAt: wall.now, deadline: wall.now.addingTimeInterval(55), window: 55)
        }
        try store.commitEnrollment(
            userid: try UserID(user), userType: .employee, slot: SlotID(.fingerprint, slot)!, template: template(seed),
            operation: operation, now: wall.now)
    }

    private func backlog(_ count: Int) throws {
        for n in 0..<count { try commit(String(format: "old%03d", n)) }
    }

    @Test("a fresh result goes before a 200-row backlog")
    func freshFirst() async throws {
        try backlog(200)
        wall.advance(by: 600)
        try commit("fresh", operID: "op-fresh")
        await uploader.flush()
        let uploads = await cloud.uploads
        #expect(uploads.first?.result == .success(operID: "op-fresh"))
        #expect(uploads.first?.users.map(\.userid.rawValue) == ["fresh"])
        #expect(uploads.count == 2)
        #expect(try store.outboxCount() == 0)
    }

    @Test("an unreachable batch stops the backlog but not the other open operations")
    func unreachableDoesNotHoldBackFreshRows() async throws {
        try backlog(3)
        try commit("a", operID: "op-a")
        try commit("b", operID: "op-b")
        await cloud.cutOff("op-a")
        await uploader.flush()
        let sent = await cloud.uploads
        #expect(sent.map(\.result?.operID) == ["op-b"], "op-b tried after op-a failed; the backlog waits")
        #expect(try store.listOutbox().map(\.userid.rawValue).sorted() == ["a", "old000", "old001", "old002"])
        #expect(try store.listOutbox().allSatisfy { $0.attempts == 0 }, "unreachable is not a refusal")
    }

    @Test("one row with an undeclared algorithm: the other 199 are acknowledged, it is given up with its reason")
    func splitAndGiveUp() async throws {
        for n in 0..<199 { try commit(String(format: "good%03d", n)) }
        try commit("bad")
        await cloud.refuse("bad", errcode: 600124, errmsg: "fp_algorithm not declared")
        await uploader.flush()
        #expect(try store.listOutbox().map(\.userid.rawValue) == ["bad"], "the 199 good rows went through")
        #expect(try store.listOutbox().first?.lastRefusal?.errcode == 600124)

        for _ in 1..<OutboxRefusals.triesBeforeGivingUp {
            wall.advance(by: 700)
            await uploader.flush()
        }
        let row = try #require(try store.listOutbox().first)
        #expect(row.givenUp?.refusal == OutboxRefusal(errcode: 600124, errmsg: "fp_algorithm not declared"))
        #expect(row.permanentRefusals == OutboxRefusals.triesBeforeGivingUp)
        let log = try #require(try store.recentEnrollmentLog().first)
        #expect(log.userid == "bad" && log.errcode == 600124 && log.errmsg.contains("fp_algorithm not declared"))
        let calls = await cloud.calls
        wall.advance(by: 10_000)
        await uploader.flush()
        #expect(await cloud.calls == calls, "a given-up row is not sent again")
        #expect(OutboxRefusals.isPermanent(600124))
    }

    @Test("a non-permanent refusal keeps backing off and is never given up")
    func transientRefusalBacksOff() async throws {
        try commit("u")
        await cloud.refuse("u", errcode: 600999, errmsg: "try later")
        for _ in 0..<6 {
            wall.advance(by: 700)
            await uploader.flush()
        }
        let row = try #require(try store.listOutbox().first)
        #expect(row.givenUp == nil)
        #expect(row.attempts == 6)
        #expect(row.lastRefusal?.errcode == 600999)
    }

    @Test("600123: the oper_id is spent; the row is re-sent without it in the same flush and acknowledged")
    func spentOperation() async throws {
        try commit("u", operID: "op-answered")
        await cloud.spend("op-answered")
        await uploader.flush()
        let uploads = await cloud.uploads
        #expect(uploads.map(\.result?.operID) == ["op-answered", nil])
        #expect(uploads.last?.users.map(\.userid.rawValue) == ["u"])
        #expect(try store.outboxCount() == 0)
    }

    @Test("an older backed-off row is superseded by the newer one and never sent after it")
    func superseded() async throws {
        try commit("u", seed: 1)
        await cloud.setFailUsers(["u"])
        await uploader.flush()
        try commit("u", seed: 2)
        await cloud.setFailUsers([])
        wall.advance(by: 700)
        await uploader.flush()
        let last = try #require(await cloud.uploads.last)
        #expect(last.users.first?.fingerprints?.slots == [.store(id: 0, data: template(2).data)])
        #expect(try store.outboxCount() == 0)
        #expect(await cloud.uploads.count == 2)
    }

    @Test("a wall clock stepped back an hour does not delay a retry beyond its back-off")
    func backwardClockStep() async throws {
        try commit("u")
        await cloud.setFailUsers(["u"])
        await uploader.flush()
        await cloud.setFailUsers([])
        #expect(await cloud.uploads.count == 1)
        wall.advance(by: -3600)
        clock.advance(by: .seconds(4))
        await uploader.flush()
        #expect(await cloud.uploads.count == 1, "not before its 5 s back-off")
        clock.advance(by: .seconds(1))
        await uploader.flush()
        #expect(await cloud.uploads.count == 2, "due 5 s after the failure on the monotonic clock")
        #expect(try store.outboxCount() == 0)
    }

    @Test("restarted with the wall clock an hour behind, a backed-off row is due after its back-off, not an hour")
    func restartWithTheClockBehind() async throws {
        try commit("u")
        try store.scheduleRetry(try store.listOutbox().map(\.id), now: wall.now)  // 5 s back-off
        wall.advance(by: -3600)
        await uploader.flush()  // this uploader's first flush clamps what it reads back
        #expect(await cloud.uploads.isEmpty)
        clock.advance(by: .seconds(5))
        await uploader.flush()
        #expect(await cloud.uploads.count == 1)
        #expect(try store.outboxCount() == 0)
    }

    @Test("a failure result with a wall clock stepped back is dropped by the machine's deadline, not later")
    func failureDeadlineClamped() async throws {
        await cloud.setReachable(false)
        let jumping = ManualClock(sleeping: .jumpsToDeadline)
        let sender = FailureResultSender(
            cloud: cloud, clock: jumping, wallClock: wall.function, reporter: reporter, logger: Logger(label: "test"))
        let received = wall.now
        // Decided with 3 s left; then the wall clock steps back an hour.
        let failure = FailedEnrollment(
            operID: "op-f", userid: try UserID("f"), userType: .employee, modality: .fingerprint, failure: .timeout,
            receivedAt: received,
            resultDeadline: ResultDeadline(at: received.addingTimeInterval(3), remaining: .seconds(3)))
        wall.advance(by: -3600)
        sender.send(failure)
        _ = await eventuallyHolds(upTo: 500) {
            reporter.events.contains { if case .notice(let t) = $0 { t.contains("dropped") } else { false } }
        }
        #expect(await cloud.calls == 3, "tries at 0, 1 and 2 s; dropped at 3 s")
    }

    @Test("a failure decided exactly at the deadline (the 55 s processing timeout) is still tried once")
    func failureAtTheDeadlineIsTriedOnce() async throws {
        let sender = FailureResultSender(
            cloud: cloud, clock: ManualClock(sleeping: .jumpsToDeadline), wallClock: wall.function, reporter: reporter,
            logger: Logger(label: "test"))
        let failure = FailedEnrollment(
            operID: "op-55", userid: try UserID("g"), userType: .employee, modality: .fingerprint, failure: .timeout,
            receivedAt: wall.now.addingTimeInterval(-55),
            resultDeadline: ResultDeadline(at: wall.now, remaining: .zero))
        sender.send(failure)
        _ = await eventuallyHolds(upTo: 500) { await !cloud.uploads.isEmpty }
        #expect(await cloud.uploads.map(\.result?.operID) == ["op-55"])
    }

    @Test("the machine's result deadline is persisted with the row; a late result has no oper_id")
    func deadlineTravelsWithTheRow() async throws {
        let adapter = StoreEnrollmentAdapter(store: store, wallClock: wall.function)
        let decided = ResultDeadline(at: wall.now.addingTimeInterval(12), remaining: .seconds(12))
        try await adapter.commitEnrollment(
            CommittedEnrollment(
                operID: "op-d", userid: try UserID("d"), userType: .employee, slot: SlotID(.fingerprint, 0)!,
                template: template(1), receivedAt: wall.now.addingTimeInterval(-43), withinResultDeadline: true,
                resultDeadline: decided))
        let row = try #require(try store.listOutbox().first)
        #expect(row.operation?.deadline == decided.at)
        #expect(row.operation?.window == 12)
        #expect(row.operIDIfWithin(now: wall.now.addingTimeInterval(11.9)) == "op-d")
        #expect(row.operIDIfWithin(now: wall.now.addingTimeInterval(12)) == nil)

        try await adapter.commitEnrollment(
            CommittedEnrollment(
                operID: "op-late", userid: try UserID("e"), userType: .employee, slot: SlotID(.fingerprint, 0)!,
                template: template(1), receivedAt: wall.now.addingTimeInterval(-60), withinResultDeadline: false,
                resultDeadline: ResultDeadline(at: wall.now.addingTimeInterval(-5), remaining: .zero)))
        #expect(try store.listOutbox().last?.operation == nil)
    }
}

@Suite("SteadyWallClock: the outbox's in-process time")
struct SteadyWallClockTests {
    @Test("a step back is ignored (monotonic time goes on), a step forward is followed")
    func steps() {
        let wall = ManualWallClock()
        let clock = ManualClock()
        let steady = SteadyWallClock(wall: wall.function, clock: clock)
        let start = steady.now()
        #expect(start == wall.now)
        wall.advance(by: -3600)
        clock.advance(by: .seconds(2))
        #expect(steady.now() == start.addingTimeInterval(2), "the wall stepped back an hour; 2 s passed")
        wall.advance(by: 3600 + 100)
        #expect(steady.now() == start.addingTimeInterval(100), "a step forward is followed")
        wall.advance(by: -50)
        clock.advance(by: .seconds(1))
        #expect(steady.now() == start.addingTimeInterval(101), "never backwards after a forward step either")
    }
}
