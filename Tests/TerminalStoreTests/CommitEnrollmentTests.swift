import Biometrics
import Foundation
import Testing

@testable import TerminalStore

@Suite("commitEnrollment / commitSlotDeletion: template and outbox row together")
struct CommitEnrollmentTests {
    @Test(arguments: [FaultPoint.afterTemplateWrite, .afterOutboxWrite])
    func failureInsideTheTransactionLeavesNeitherTemplateNorOutboxRow(fault: FaultPoint) throws {
        let store = try TerminalStore.inMemory(faultHook: { point in
            if point == fault { throw InjectedFault() }
        })
        try store.upsertMember(Member(userid: uid("wangwu")))

        #expect(throws: InjectedFault.self) {
            try store.commitEnrollment(
                userid: uid("wangwu"), userType: .employee, slot: slot(.fingerprint, 0), template: fpTemplate(1),
                operation: pushed("op-1", receivedAt: t0), now: t0)
        }
        #expect(try store.templates(userid: uid("wangwu")).isEmpty)
        #expect(try store.outboxCount() == 0)
    }

    @Test func failureOnAFileDatabaseRollsBackToo() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path("terminal.sqlite")
        let store = try TerminalStore.open(
            path: path,
            faultHook: { point in
                if point == .afterOutboxWrite { throw InjectedFault() }
            })
        #expect(throws: InjectedFault.self) {
            try store.commitEnrollment(
                userid: uid("new-member"), userType: .visitor, slot: slot(.face, 0), template: faTemplate(2),
                operation: nil, now: t0)
        }
        try store.close()
        let reopened = try TerminalStore.open(path: path)
        #expect(try reopened.memberCount() == 0, "the auto-created member is rolled back as well")
        #expect(try reopened.templateCounts() == [.fingerprint: 0, .face: 0])
        #expect(try reopened.outboxCount() == 0)
    }

    @Test func successWritesBothAndReturnsTheRow() throws {
        let store = try TerminalStore.inMemory()
        let operation = pushed("op-77", receivedAt: t0)
        let now = t0.addingTimeInterval(20)
        let entry = try store.commitEnrollment(
            userid: uid("zhaoliu"), userType: .student, slot: slot(.fingerprint, 4), template: fpTemplate(9),
            operation: operation, now: now)

        #expect(entry.userid == uid("zhaoliu"))
        #expect(entry.userType == .student)
        #expect(entry.slot == slot(.fingerprint, 4))
        #expect(entry.algorithm == .zfmModule)
        #expect(entry.data == fpTemplate(9).data)
        #expect(entry.operation == operation)
        #expect(entry.operation?.deadline == t0.addingTimeInterval(55))
        #expect(entry.attempts == 0)
        #expect(entry.nextAttemptAt == now)
        #expect(entry.createdAt == now)
        #expect(try store.listOutbox() == [entry])
        #expect(try store.template(userid: uid("zhaoliu"), slot: slot(.fingerprint, 4))?.template == fpTemplate(9))
        #expect(try store.member(uid("zhaoliu")) == Member(userid: uid("zhaoliu"), userType: .student))
    }

    @Test func commitDoesNotOverwriteAKnownMember() throws {
        let store = try TerminalStore.inMemory()
        try store.upsertMember(Member(userid: uid("known"), userType: .employee, name: "已知"))
        try store.commitEnrollment(
            userid: uid("known"), userType: .employee, slot: slot(.face, 0), template: faTemplate(1),
            operation: nil, now: t0)
        #expect(try store.member(uid("known"))?.name == "已知")
    }

    @Test func emptyTemplateBytesAreRefusedAndChangeNothing() throws {
        let store = try TerminalStore.inMemory()
        let empty = Template(modality: .fingerprint, algorithm: .zfmModule, data: Data())
        let error = #expect(throws: TerminalStoreError.self) {
            try store.commitEnrollment(
                userid: uid("a"), userType: .employee, slot: slot(.fingerprint, 0), template: empty,
                operation: nil, now: t0)
        }
        guard case .invalidInput(let field, let expected, let got) = error else {
            Issue.record("expected invalidInput, got \(String(describing: error))")
            return
        }
        #expect(field == "template.data")
        #expect(expected.contains("non-empty"))
        #expect(got == "0 bytes")
        #expect(try store.memberCount() == 0)
        #expect(try store.outboxCount() == 0)
    }

    @Test func templateOfTheWrongModalityIsRefused() throws {
        let store = try TerminalStore.inMemory()
        #expect(
            throws: TerminalStoreError.invalidInput(
                field: "template.modality", expected: "fa (the slot's modality)", got: "fp")
        ) {
            try store.commitEnrollment(
                userid: uid("a"), userType: .employee, slot: slot(.face, 0), template: fpTemplate(1),
                operation: nil, now: t0)
        }
        #expect(try store.outboxCount() == 0)
    }

    @Test func emptyOperIDAndEmptyAlgorithmAreRefused() throws {
        let store = try TerminalStore.inMemory()
        let error = #expect(throws: TerminalStoreError.self) {
            try store.commitEnrollment(
                userid: uid("a"), userType: .employee, slot: slot(.face, 0), template: faTemplate(1),
                operation: pushed("", receivedAt: t0), now: t0)
        }
        #expect(error?.description.hasPrefix("oper_id: expected") == true)
        #expect(
            throws: TerminalStoreError.invalidInput(
                field: "algorithm", expected: "a non-empty algorithm id", got: "\"\"")
        ) {
            try store.commitEnrollment(
                userid: uid("a"), userType: .employee, slot: slot(.face, 0),
                template: faTemplate(1, algorithm: AlgorithmID("")),
                operation: nil, now: t0)
        }
        #expect(try store.outboxCount() == 0)
        #expect(try store.memberCount() == 0)
    }

    @Test func slotOutOfRangeIsATypedErrorNamingTheRange() throws {
        #expect(throws: TerminalStoreError.invalidInput(field: "slot", expected: "0-9 for fp", got: "10")) {
            try SlotID.validated(.fingerprint, 10)
        }
        #expect(throws: TerminalStoreError.invalidInput(field: "slot", expected: "0-11 for fa", got: "-1")) {
            try SlotID.validated(.face, -1)
        }
        #expect(try SlotID.validated(.face, 11) == slot(.face, 11))
    }

    @Test func slotDeletionRemovesTheTemplateAndQueuesEmptyData() throws {
        let store = try TerminalStore.inMemory()
        try store.commitEnrollment(
            userid: uid("a"), userType: .visitor, slot: slot(.face, 5), template: faTemplate(3),
            operation: nil, now: t0)
        let deletion = try store.commitSlotDeletion(
            userid: uid("a"), userType: .visitor, slot: slot(.face, 5), operation: nil, now: t0.addingTimeInterval(5))

        #expect(deletion.isDeletion)
        #expect(deletion.data.isEmpty)
        #expect(deletion.template == nil)
        #expect(deletion.algorithm == .default, "carries the algorithm of the template it deletes")
        #expect(try store.occupiedSlots(userid: uid("a"), modality: .face).isEmpty)
        #expect(try store.listOutbox().map(\.isDeletion) == [true], "the deletion supersedes the unsent upload")
    }

    @Test func deletingAnEmptySlotIsRefusedAndQueuesNothing() throws {
        let store = try TerminalStore.inMemory()
        try store.upsertMember(Member(userid: uid("a")))
        #expect(throws: TerminalStoreError.slotEmpty(userid: uid("a"), slot: slot(.fingerprint, 1))) {
            try store.commitSlotDeletion(
                userid: uid("a"), userType: .employee, slot: slot(.fingerprint, 1), operation: nil, now: t0)
        }
        #expect(try store.outboxCount() == 0)
    }

    @Test func failedSlotDeletionKeepsTheTemplate() throws {
        let store = try TerminalStore.inMemory(faultHook: { point in
            if point == .afterOutboxWrite { throw InjectedFault() }
        })
        try store.upsertMember(Member(userid: uid("a")))
        try store.storeTemplate(
            StoredTemplate(userid: uid("a"), slot: slot(.fingerprint, 2), template: fpTemplate(3)), enrolledAt: t0)
        #expect(throws: InjectedFault.self) {
            try store.commitSlotDeletion(
                userid: uid("a"), userType: .employee, slot: slot(.fingerprint, 2), operation: nil, now: t0)
        }
        #expect(try store.occupiedSlots(userid: uid("a"), modality: .fingerprint) == [2])
        #expect(try store.outboxCount() == 0)
    }
}
