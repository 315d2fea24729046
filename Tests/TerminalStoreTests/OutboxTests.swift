import Biometrics
import Foundation
import Testing

@testable import TerminalStore

@Suite("Outbox: restart, oper_id window, re-push batches, ack and retry")
struct OutboxTests {
    @Test func afterRestartTheRowIsPendingWithOperIDOnlyWithinTheMachinesDeadline() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path("terminal.sqlite")
        let operation = pushed("op-restart", receivedAt: t0)
        let committed: OutboxEntry
        do {
            let store = try TerminalStore.open(path: path)
            committed = try store.commitEnrollment(
                userid: uid("u1"), userType: .employee, slot: slot(.fingerprint, 0), template: fpTemplate(1),
                operation: operation, now: t0.addingTimeInterval(30))
            try store.close()
        }
        let store = try TerminalStore.open(path: path)

        let within = t0.addingTimeInterval(54.9)
        #expect(try store.pendingWithOperID(now: within) == [committed])
        #expect(committed.operIDIfWithin(now: within) == "op-restart")
        let dueWithin = try store.dueForRepush(now: within)
        #expect(dueWithin == [OutboxBatch(operID: "op-restart", entries: [committed])])

        let after = t0.addingTimeInterval(55)
        #expect(try store.pendingWithOperID(now: after).isEmpty)
        #expect(committed.operIDIfWithin(now: after) == nil)
        let dueAfter = try store.dueForRepush(now: after)
        #expect(dueAfter == [OutboxBatch(operID: nil, entries: [committed])])
        #expect(try store.outboxCount() == 1, "a late success stays queued for the re-push")
    }

    @Test func localEnrollmentNeverCarriesOperID() throws {
        let store = try TerminalStore.inMemory()
        let entry = try store.commitEnrollment(
            userid: uid("local"), userType: .employee, slot: slot(.face, 0), template: faTemplate(1),
            operation: nil, now: t0)
        #expect(entry.operIDIfWithin(now: t0) == nil)
        #expect(try store.pendingWithOperID(now: t0).isEmpty)
        #expect(try store.dueForRepush(now: t0).map(\.operID) == [nil])
    }

    @Test func fourHundredFiftyUsersGoInBatchesOf200_200_50() throws {
        let store = try TerminalStore.inMemory()
        for n in 0..<450 {
            try store.commitEnrollment(
                userid: uid(String(format: "user%03d", n)), userType: .employee, slot: slot(.fingerprint, 0),
                template: fpTemplate(UInt8(n % 251)), operation: nil, now: t0.addingTimeInterval(Double(n)))
        }
        let batches = try store.dueForRepush(now: t0.addingTimeInterval(1000))
        #expect(batches.map(\.userids.count) == [200, 200, 50])
        #expect(batches.allSatisfy { $0.operID == nil })
        #expect(batches[0].userids.first == uid("user000"), "oldest first")
        #expect(batches[2].userids.last == uid("user449"))
        #expect(Set(batches.flatMap(\.ids)).count == 450)

        let notYet = try store.dueForRepush(now: t0.addingTimeInterval(99.5))
        #expect(notYet.flatMap(\.ids).count == 100, "only rows with next_attempt_at <= now are due")
    }

    @Test func allSlotsOfOneUserStayInOneBatch() throws {
        let store = try TerminalStore.inMemory()
        var clock = t0
        func commit(_ user: String, _ modality: Modality, _ index: Int) throws {
            clock = clock.addingTimeInterval(1)
            let template = modality == .fingerprint ? fpTemplate(UInt8(index + 1)) : faTemplate(UInt8(index + 1))
            try store.commitEnrollment(
                userid: uid(user), userType: .employee, slot: slot(modality, index), template: template,
                operation: nil, now: clock)
        }
        try commit("alice", .fingerprint, 0)
        for n in 1..<3 { try commit("user\(n)", .fingerprint, 0) }
        try commit("alice", .fingerprint, 1)  // alice's later rows must join her first batch
        try commit("bob", .face, 0)
        try commit("alice", .face, 3)
        try commit("carol", .fingerprint, 0)

        let batches = try store.dueForRepush(now: clock, maxUsers: 3)
        #expect(
            batches.map(\.userids) == [
                [uid("alice"), uid("user1"), uid("user2")],
                [uid("bob"), uid("carol")],
            ])
        #expect(
            batches[0].entries.filter { $0.userid == uid("alice") }.map(\.slot) == [
                slot(.fingerprint, 0), slot(.fingerprint, 1), slot(.face, 3),
            ])
    }

    @Test func maxUsersAbove200IsRefused() throws {
        let store = try TerminalStore.inMemory()
        #expect(throws: TerminalStoreError.invalidInput(field: "maxUsers", expected: "1-200", got: "201")) {
            try store.dueForRepush(now: t0, maxUsers: 201)
        }
    }

    @Test func acknowledgeRemovesOnlyTheAckedIDs() throws {
        let store = try TerminalStore.inMemory()
        let entries = try (0..<5).map { n in
            try store.commitEnrollment(
                userid: uid("u\(n)"), userType: .employee, slot: slot(.fingerprint, 0), template: fpTemplate(1),
                operation: nil, now: t0)
        }
        let acked = try store.acknowledge([entries[1].id, entries[3].id])
        #expect(acked == 2)
        #expect(try store.listOutbox().map(\.id) == [entries[0].id, entries[2].id, entries[4].id])
        #expect(try store.acknowledge([entries[1].id]) == 0, "acknowledging twice is harmless")
    }

    @Test func failListUsersAreRetriedWithBackoffOthersAcknowledged() throws {
        let store = try TerminalStore.inMemory()
        for user in ["a", "b", "c"] {
            try store.commitEnrollment(
                userid: uid(user), userType: .employee, slot: slot(.face, 0), template: faTemplate(1),
                operation: nil, now: t0)
        }
        let batch = try #require(try store.dueForRepush(now: t0).first)
        let failed = batch.ids(forUsers: [uid("b")])
        try store.acknowledge(batch.ids.filter { !failed.contains($0) })
        #expect(try store.scheduleRetry(failed, now: t0.addingTimeInterval(1)) == 1)

        let row = try #require(try store.listOutbox().first)
        #expect(row.userid == uid("b"))
        #expect(row.attempts == 1)
        #expect(row.nextAttemptAt == t0.addingTimeInterval(1 + 5))
        #expect(try store.dueForRepush(now: t0.addingTimeInterval(5.9)).isEmpty)
        #expect(try store.dueForRepush(now: t0.addingTimeInterval(6)).flatMap(\.ids) == [row.id])

        try store.scheduleRetry([row.id], now: t0.addingTimeInterval(6))
        let second = try #require(try store.listOutbox().first)
        #expect(second.attempts == 2)
        #expect(second.nextAttemptAt == t0.addingTimeInterval(6 + 10))
    }

    @Test func backoffDoublesFromFiveSecondsUpToTenMinutes() {
        let backoff = RetryBackoff.standard
        #expect((1...9).map { backoff.delay(afterAttempts: $0) } == [5, 10, 20, 40, 80, 160, 320, 600, 600])
        #expect(backoff.delay(afterAttempts: 10_000) == 600)
        #expect(backoff.delay(afterAttempts: 0) == 5)
    }

    @Test func reEnrolledSlotsNewerRowSurvivesTheAckOfTheOlderRow() throws {
        let store = try TerminalStore.inMemory()
        let older = try store.commitEnrollment(
            userid: uid("u"), userType: .employee, slot: slot(.fingerprint, 2), template: fpTemplate(1),
            operation: nil, now: t0)
        let inFlight = try #require(try store.dueForRepush(now: t0).first)
        let newer = try store.commitEnrollment(
            userid: uid("u"), userType: .employee, slot: slot(.fingerprint, 2), template: fpTemplate(2),
            operation: nil, now: t0.addingTimeInterval(3))

        try store.acknowledge(inFlight.ids)
        #expect(try store.listOutbox() == [newer])
        #expect(newer.id > older.id)
        #expect(try store.template(userid: uid("u"), slot: slot(.fingerprint, 2))?.template == fpTemplate(2))
    }

    @Test func aNewerRowOfTheSameSlotSupersedesTheOlder() throws {
        let store = try TerminalStore.inMemory()
        let first = try store.commitEnrollment(
            userid: uid("u"), userType: .employee, slot: slot(.fingerprint, 2), template: fpTemplate(1),
            operation: nil, now: t0)
        let other = try store.commitEnrollment(
            userid: uid("u"), userType: .employee, slot: slot(.fingerprint, 3), template: fpTemplate(3),
            operation: nil, now: t0)
        let second = try store.commitEnrollment(
            userid: uid("u"), userType: .employee, slot: slot(.fingerprint, 2), template: fpTemplate(2),
            operation: nil, now: t0)
        let batch = try #require(try store.dueForRepush(now: t0).first)
        #expect(batch.ids == [other.id, second.id], "the older row of slot 2 was removed with the insert")
        #expect(try store.listOutbox() == [other, second])
        #expect(!batch.ids.contains(first.id))
    }

    @Test func openOperationsGetTheirOwnBatchesBesideTheRepush() throws {
        let store = try TerminalStore.inMemory()
        let expired = try store.commitEnrollment(
            userid: uid("old"), userType: .employee, slot: slot(.face, 0), template: faTemplate(1),
            operation: pushed("op-old", receivedAt: t0), now: t0.addingTimeInterval(10))
        let local = try store.commitEnrollment(
            userid: uid("local"), userType: .employee, slot: slot(.face, 0), template: faTemplate(2),
            operation: nil, now: t0.addingTimeInterval(50))
        let fresh = try store.commitEnrollment(
            userid: uid("fresh"), userType: .employee, slot: slot(.face, 0), template: faTemplate(3),
            operation: pushed("op-fresh", receivedAt: t0.addingTimeInterval(40)),
            now: t0.addingTimeInterval(70))

        let batches = try store.dueForRepush(now: t0.addingTimeInterval(80))
        #expect(
            batches == [
                OutboxBatch(operID: "op-fresh", entries: [fresh]),
                OutboxBatch(operID: nil, entries: [expired, local]),
            ], "open operations first: a fresh result never waits behind the backlog")
    }

    @Test func nextAttemptAtCanBeDeferredWhileTheCallerSendsAtOnce() throws {
        let store = try TerminalStore.inMemory()
        let entry = try store.commitEnrollment(
            userid: uid("u"), userType: .employee, slot: slot(.face, 0), template: faTemplate(1),
            operation: nil, now: t0, nextAttemptAt: t0.addingTimeInterval(5))
        #expect(try store.dueForRepush(now: t0).isEmpty)
        #expect(try store.dueForRepush(now: t0.addingTimeInterval(5)).flatMap(\.ids) == [entry.id])
    }

    @Test func listOutboxPages() throws {
        let store = try TerminalStore.inMemory()
        let ids = try (0..<5).map { n in
            try store.commitEnrollment(
                userid: uid("u\(n)"), userType: .employee, slot: slot(.face, 0), template: faTemplate(1),
                operation: nil, now: t0
            ).id
        }
        let page1 = try store.listOutbox(limit: 2)
        let page2 = try store.listOutbox(after: page1.last?.id, limit: 2)
        let page3 = try store.listOutbox(after: page2.last?.id, limit: 2)
        #expect((page1 + page2 + page3).map(\.id) == ids)
        #expect(page3.count == 1)
        #expect(throws: TerminalStoreError.invalidInput(field: "limit", expected: "1-10000", got: "0")) {
            try store.listOutbox(limit: 0)
        }
    }
}
