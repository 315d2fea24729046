import Biometrics
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
        uploader = OutboxUploader(
            store: store, cloud: cloud, clock: ContinuousClock(), wallClock: wall.function, reporter: reporter,
            logger: logger)
        results = EnrollmentResultDelivery(
            log: EnrollmentLog(store: store, wallClock: wall.function, logger: logger), outbox: uploader,
            failures: FailureResultSender(
                cloud: cloud, clock: ContinuousClock(), wallClock: wall.function, reporter: reporter, logger: logger))
    }

    private func commit(_ user: String, slot: Int = 0, operID: String? = nil, receivedAgo: TimeInterval = 0) throws {
        let userid = try UserID(user)
        let operation = operID.map {
            PushedOperation(operID: $0, receivedAt: wall.now.addingTimeInterval(-receivedAgo))
        }
        try store.commitEnrollment(
            userid: userid, userType: .employee, slot: SlotID(.fingerprint, slot)!, template: template(UInt8(slot + 1)),
            operation: operation, now: wall.now)
    }

    private func committed(_ user: String, operID: String?) throws -> CommittedEnrollment {
        CommittedEnrollment(
            operID: operID, userid: try UserID(user), userType: .employee, slot: SlotID(.fingerprint, 0)!,
            template: template(1), receivedAt: wall.now, withinResultDeadline: true)
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
            failure: .timeout, receivedAt: wall.now)
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
            failure: .busy, receivedAt: wall.now.addingTimeInterval(-56))
        await results.deliverFailure(failure)
        try await waitFor {
            reporter.events.contains { if case .notice(let text) = $0 { text.contains("dropped") } else { false } }
        }
        #expect(try store.outboxCount() == 0)
        #expect(await cloud.uploads.isEmpty)
    }

    private func waitFor(_ condition: () async -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while !(await condition()) {
            guard ContinuousClock.now < deadline else {
                Issue.record("condition not met within 5 s")
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
