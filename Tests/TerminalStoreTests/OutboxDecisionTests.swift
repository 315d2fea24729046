import Biometrics
import Foundation
import GRDB
import Testing

@testable import TerminalStore

@Suite("Outbox decisions (issue 13): supersede, give up, spent oper_id, clamped schedules, durability")
struct OutboxDecisionTests {
    private func commit(
        _ store: TerminalStore, _ user: String, slot index: Int = 0, seed: UInt8 = 1,
        operation: PushedOperation? = nil, at now: Date = t0
    ) throws -> OutboxEntry {
        try store.commitEnrollment(
            userid: uid(user), userType: .employee, slot: slot(.fingerprint, index), template: fpTemplate(seed),
            operation: operation, now: now)
    }

    @Test func aNewerRowSupersedesTheOlderOneOfTheSameSlotInTheSameTransaction() throws {
        let store = try TerminalStore.inMemory()
        let older = try commit(store, "u", seed: 1)
        try store.scheduleRetry([older.id], now: t0)
        let otherSlot = try commit(store, "u", slot: 1, seed: 2)
        let otherUser = try commit(store, "v", seed: 3)
        let newer = try commit(store, "u", seed: 4, at: t0.addingTimeInterval(1))
        #expect(try store.listOutbox() == [otherSlot, otherUser, newer])
        // Even once the older row's back-off has passed, only the newer content can be sent.
        let due = try store.dueForRepush(now: t0.addingTimeInterval(3600))
        #expect(due.flatMap(\.entries).filter { $0.slot == slot(.fingerprint, 0) && $0.userid == uid("u") } == [newer])
    }

    @Test func aSupersededRowsOpenOperationIsAnsweredByTheNewerLocalRow() throws {
        let store = try TerminalStore.inMemory()
        let operation = pushed("op-open", receivedAt: t0)
        _ = try commit(store, "u", seed: 1, operation: operation, at: t0.addingTimeInterval(10))
        let newer = try commit(store, "u", seed: 2, at: t0.addingTimeInterval(20))
        #expect(newer.operation == operation, "the cloud still gets its result, with the newest template")
        #expect(try store.listOutbox().map(\.operation) == [operation])

        // An own operation wins; a window already closed is not adopted.
        let own = pushed("op-own", receivedAt: t0.addingTimeInterval(21))
        #expect(try commit(store, "u", seed: 3, operation: own, at: t0.addingTimeInterval(25)).operation == own)
        #expect(try commit(store, "u", seed: 4, at: t0.addingTimeInterval(200)).operation == nil)
        #expect(try store.outboxCount() == 1)
    }

    @Test func aRowRefusedForAPermanentReasonIsGivenUpAfterTheBoundKeptAndListedWithTheReason() throws {
        let store = try TerminalStore.inMemory()
        let row = try commit(store, "bad")
        let refusal = OutboxRefusal(errcode: 600124, errmsg: "algorithm not declared")
        #expect(try store.recordPermanentRefusal([row.id], refusal: refusal, giveUpAfter: 2, now: t0).isEmpty)
        let backedOff = try #require(try store.listOutbox().first)
        #expect(backedOff.lastRefusal == refusal)
        #expect(backedOff.givenUp == nil)
        #expect(backedOff.nextAttemptAt == t0.addingTimeInterval(5))

        let givenUp = try store.recordPermanentRefusal(
            [row.id], refusal: refusal, giveUpAfter: 2, now: t0.addingTimeInterval(5))
        #expect(givenUp.map(\.id) == [row.id])
        #expect(givenUp.first?.givenUp == OutboxGiveUp(at: t0.addingTimeInterval(5), refusal: refusal))
        #expect(try store.dueForRepush(now: t0.addingTimeInterval(1e6)).isEmpty, "never due again")
        #expect(try store.outboxCount() == 1, "kept: the template is still enrolled here")
        #expect(try store.givenUpCount() == 1)
        #expect(try store.status().givenUpRows == 1)
        #expect(try store.status().oldestPendingAt == nil, "nothing is still being sent")
        #expect(try store.listOutbox().first?.givenUp?.refusal == refusal)
    }

    @Test func aTransientRefusalBacksOffAndIsRememberedButNeverGivesUp() throws {
        let store = try TerminalStore.inMemory()
        let row = try commit(store, "u")
        let refusal = OutboxRefusal(errcode: 600999, errmsg: "busy")
        for n in 0..<10 { try store.scheduleRetry([row.id], now: t0.addingTimeInterval(Double(n)), refusal: refusal) }
        let entry = try #require(try store.listOutbox().first)
        #expect(entry.attempts == 10)
        #expect(entry.lastRefusal == refusal)
        #expect(entry.givenUp == nil)
        #expect(entry.permanentRefusals == 0)
    }

    @Test func aSpentOperationIsDroppedPersistentlyAndTheRowIsDueAtOnce() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path("terminal.sqlite")
        do {
            let store = try TerminalStore.open(path: path)
            let row = try commit(store, "u", operation: pushed("op-answered", receivedAt: t0))
            try store.scheduleRetry([row.id], now: t0)
            #expect(try store.spendOperation(of: [row.id], now: t0.addingTimeInterval(1)) == 1)
            try store.close()
        }
        let store = try TerminalStore.open(path: path)
        let batches = try store.dueForRepush(now: t0.addingTimeInterval(1))
        #expect(batches.map(\.operID) == [nil])
        #expect(try store.listOutbox().first?.operation == nil)
        #expect(try store.pendingWithOperID(now: t0.addingTimeInterval(1)).isEmpty)
    }

    @Test func aWallClockSteppedBackCannotLengthenABackOffOrAResultWindowReadBack() throws {
        let store = try TerminalStore.inMemory()
        let operation = pushed("op", receivedAt: t0, window: 55)
        let row = try commit(store, "u", operation: operation, at: t0.addingTimeInterval(10))
        try store.scheduleRetry([row.id], now: t0.addingTimeInterval(10))  // 5 s back-off: due at t0 + 15
        // The daemon restarts with the wall clock an hour behind.
        let stepped = t0.addingTimeInterval(-3600)
        #expect(try store.clampSchedules(now: stepped) == 2)
        let clamped = try #require(try store.listOutbox().first)
        #expect(clamped.nextAttemptAt == stepped.addingTimeInterval(5), "at most the decided 5 s back-off")
        #expect(clamped.operation?.remaining(at: stepped) == 55, "at most the decided window")
        #expect(try store.dueForRepush(now: stepped.addingTimeInterval(5)).flatMap(\.ids) == [row.id])
        #expect(try store.clampSchedules(now: stepped) == 0, "idempotent")
    }

    @Test func aReadBackWindowNeverHasMoreLeftThanDecided() {
        let operation = PushedOperation(
            operID: "op", receivedAt: t0, deadline: t0.addingTimeInterval(55), window: 20)
        #expect(operation.remaining(at: t0) == 20)
        #expect(operation.remaining(at: t0.addingTimeInterval(-100)) == 20)
        #expect(operation.remaining(at: t0.addingTimeInterval(50)) == 5)
        #expect(!operation.isOpen(at: t0.addingTimeInterval(55)))
    }

    @Test func theStoreSyncsFullySoAPowerLossCannotTakeBackACommit() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try TerminalStore.open(path: dir.path("terminal.sqlite"))
        let writer = try store.synchronousLevel()
        let reader = try store.writer.read { try Int.fetchOne($0, sql: "PRAGMA synchronous") }
        #expect(writer == 2, "FULL")
        #expect(reader == 2, "FULL")
    }

    @Test func aCommitOnAFullDiskThrowsDiskFullNamingTheStoreAndWritesNothing() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path("terminal.sqlite")
        let store = try TerminalStore.open(path: path)
        let pages = try store.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
        try store.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA max_page_count = \(pages + 2)") }
        var committed = 0
        var failure: TerminalStoreError?
        for n in 0..<200 {
            do {
                _ = try commit(store, "user\(n)", seed: UInt8(n % 250))
                committed += 1
            } catch let error as TerminalStoreError {
                failure = error
                break
            }
        }
        let error = try #require(failure)
        #expect(error == .diskFull(path: path, operation: "the commit of fp#0 of \"user\(committed)\""))
        #expect(error.description.contains(path) && error.description.contains("disk full"))
        // Rolled back: no member, template or outbox row of the failed commit.
        #expect(try store.member(uid("user\(committed)")) == nil)
        #expect(try store.templateCounts()[.fingerprint] == committed)
        #expect(try store.outboxCount() == committed)
        let check = try store.writer.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
        #expect(check == "ok")
        // Space again: the same commit now goes through.
        try store.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA max_page_count = 1000000") }
        _ = try commit(store, "user\(committed)")
        #expect(try store.outboxCount() == committed + 1)
    }

    @Test func theEnrollmentLogKeepsOnlyTheNewestEntries() throws {
        let store = try TerminalStore.inMemory()
        for n in 0..<5 {
            _ = try store.appendEnrollmentLog(
                EnrollmentLogEntry(
                    at: t0.addingTimeInterval(Double(n)), userid: "u\(n)", modality: .fingerprint, slot: 0,
                    operID: nil, errcode: 0, errmsg: "ok"),
                keep: 3)
        }
        #expect(try store.recentEnrollmentLog().map(\.userid) == ["u4", "u3", "u2"])
        #expect(TerminalStore.enrollmentLogLimit == 10_000)
    }

    @Test func migrationV2GivesOldRowsTheWindowTheyHadLeftAtCommit() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path("terminal.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(queue, upTo: "v1_initial")
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO outbox (userid, user_type, modality, slot, algorithm, data, oper_id, received_at,
                                            oper_deadline, attempts, next_attempt_at, created_at)
                        VALUES ('u', 0, 'fp', 0, 'zfm-module-char-v1', x'01', 'op', ?, ?, 0, ?, ?)
                        """,
                    arguments: [t0.storeValue, t0.storeValue + 60, t0.storeValue + 15, t0.storeValue + 15])
            }
            try queue.close()
        }
        let store = try TerminalStore.open(path: path)
        let row = try #require(try store.listOutbox().first)
        #expect(row.operation?.window == 45)
        #expect(row.givenUp == nil && row.permanentRefusals == 0)
    }
}
