import Biometrics
import Foundation
import TerminalStore
import Testing

@Suite("Credentials, versions, unbind wipe, enrollment log, status")
struct DeviceStateTests {
    @Test func credentialsSaveLoadAndClear() throws {
        let store = try TerminalStore.inMemory()
        #expect(try store.activeCode() == nil)
        #expect(try store.secret() == nil)
        try store.saveActiveCode("AC-1")
        try store.saveSecret("S-1")
        try store.saveSecret("S-2")
        #expect(try store.activeCode() == "AC-1")
        #expect(try store.secret() == "S-2")
        try store.saveSecret(nil)
        #expect(try store.secret() == nil)
    }

    @Test func secretNoSurvivesUnbind() throws {
        let store = try TerminalStore.inMemory()
        #expect(try store.secretNo() == nil)
        try store.saveSecretNo("SN-KEY")
        try store.saveSecret("S")
        try store.wipeForUnbind()
        #expect(try store.secretNo() == "SN-KEY")
        #expect(try store.secret() == nil)
    }

    @Test func permAndVisitorVersions() throws {
        let store = try TerminalStore.inMemory()
        #expect(try store.permVersion() == nil)
        try store.savePermVersion(7)
        try store.saveVisitorVersion(3)
        try store.savePermVersion(8)
        #expect(try store.permVersion() == 8)
        #expect(try store.visitorVersion() == 3)
        try store.savePermVersion(nil)
        #expect(try store.permVersion() == nil)
    }

    @Test func wipeForUnbindKeepsOnlyTheActiveCode() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path("terminal.sqlite")
        do {
            let store = try TerminalStore.open(path: path)
            try store.saveActiveCode("AC-keep")
            try store.saveSecret("S-gone")
            try store.savePermVersion(12)
            try store.saveVisitorVersion(4)
            try store.commitEnrollment(
                userid: uid("a"), userType: .employee, slot: slot(.fingerprint, 0), template: fpTemplate(1),
                operation: pushed("op", receivedAt: t0), now: t0)
            try store.appendEnrollmentLog(
                EnrollmentLogEntry(
                    at: t0, userid: "a", modality: .fingerprint, slot: 0, operID: "op", errcode: 0, errmsg: "ok"))
            try store.wipeForUnbind()
            try store.close()
        }
        let store = try TerminalStore.open(path: path)
        #expect(try store.activeCode() == "AC-keep")
        #expect(try store.secret() == nil)
        #expect(try store.permVersion() == nil)
        #expect(try store.visitorVersion() == nil)
        #expect(try store.memberCount() == 0)
        #expect(try store.templateCounts() == [.fingerprint: 0, .face: 0])
        #expect(try store.outboxCount() == 0)
        #expect(try store.recentEnrollmentLog().isEmpty)
    }

    @Test func enrollmentLogAppendsAndListsNewestFirst() throws {
        let store = try TerminalStore.inMemory()
        let first = try store.appendEnrollmentLog(
            EnrollmentLogEntry(
                at: t0, userid: "a", modality: .fingerprint, slot: 0, operID: "op-1", errcode: 0, errmsg: "ok"))
        let second = try store.appendEnrollmentLog(
            EnrollmentLogEntry(
                at: t0.addingTimeInterval(10), userid: "b", modality: .face, slot: nil, operID: nil,
                errcode: 102, errmsg: "录入超时"))
        let third = try store.appendEnrollmentLog(
            EnrollmentLogEntry(
                at: t0.addingTimeInterval(20), userid: "c", modality: .fingerprint, slot: nil, operID: "op-3",
                errcode: 106, errmsg: "指纹已满(10枚)"))

        #expect(first.id > 0 && second.id > first.id)
        #expect(try store.recentEnrollmentLog() == [third, second, first])
        #expect(try store.recentEnrollmentLog(limit: 2) == [third, second])
        #expect(try store.recentEnrollmentLog(since: t0.addingTimeInterval(10)) == [third, second])
        #expect(!second.succeeded && first.succeeded)

        #expect(try store.pruneEnrollmentLog(keep: 1) == 2)
        #expect(try store.recentEnrollmentLog() == [third])
    }

    @Test func statusSummarisesTheStore() throws {
        let store = try TerminalStore.inMemory()
        let empty = try store.status()
        #expect(empty.members == 0)
        #expect(empty.outboxRows == 0)
        #expect(empty.oldestPendingAt == nil)
        #expect(empty.templates == [.fingerprint: 0, .face: 0])
        #expect(!empty.hasSecret && !empty.hasActiveCode)

        try store.saveActiveCode("AC")
        try store.savePermVersion(5)
        try store.upsertMember(Member(userid: uid("no-templates")))
        try store.commitEnrollment(
            userid: uid("a"), userType: .employee, slot: slot(.fingerprint, 0), template: fpTemplate(1),
            operation: nil, now: t0.addingTimeInterval(30))
        try store.commitEnrollment(
            userid: uid("a"), userType: .employee, slot: slot(.fingerprint, 1), template: fpTemplate(2),
            operation: nil, now: t0.addingTimeInterval(10))
        let entry = try store.commitEnrollment(
            userid: uid("b"), userType: .employee, slot: slot(.face, 0), template: faTemplate(3),
            operation: nil, now: t0.addingTimeInterval(20))
        try store.acknowledge([entry.id])

        let status = try store.status()
        #expect(status.members == 3)
        #expect(status.templates == [.fingerprint: 2, .face: 1])
        #expect(status.outboxRows == 2)
        #expect(status.oldestPendingAt == t0.addingTimeInterval(10))
        #expect(status.permVersion == 5)
        #expect(status.hasActiveCode && !status.hasSecret)
        #expect(status.schema == ["v1_initial", "v2_outbox_decisions", "v3_directory_sync", "v4_passages"])
    }
}
