import Biometrics
import Foundation
import Testing

@testable import TerminalStore

@Suite("The member directory from the cloud: pages, changes, origins")
struct DirectoryPullStoreTests {
    private func pulled(_ userid: String, fp: [Int: Template]? = nil, fa: [Int: Template]? = nil) -> PulledMember {
        var slots: [Modality: [Int: Template]] = [:]
        if let fp { slots[.fingerprint] = fp }
        if let fa { slots[.face] = fa }
        return PulledMember(
            member: Member(userid: uid(userid), name: userid.uppercased()), passRules: #"[{"id":1,"rule":"r"}]"#,
            publicKey: "key-\(userid)", slots: slots)
    }

    @Test("a finished pull holds exactly the listed members, their templates, rules and key; the version is stored")
    func finishedPullReplacesTheDirectory() throws {
        let store = try TerminalStore.inMemory()
        try store.upsertMember(Member(userid: uid("gone")))
        try store.storeTemplate(
            StoredTemplate(userid: uid("gone"), slot: slot(.fingerprint, 0), template: fpTemplate(9)), enrolledAt: t0)
        var progress = try store.beginDirectoryPull(targetVersion: 7, now: t0)
        progress.nextOffset = 2
        progress.pages = 1
        progress.members = 2
        let count = try store.applyPulledPage(
            [pulled("a", fp: [0: fpTemplate(1), 3: fpTemplate(2)]), pulled("b", fa: [5: faTemplate(3)])],
            progress: progress, now: t0)
        #expect(count.templatesWritten == 3)
        #expect(try store.member(uid("gone")) != nil, "members not yet listed stay until the pull ends")
        #expect(try store.directoryPullProgress() == progress)

        let record = try store.finishDirectoryPull(progress, now: t0.addingTimeInterval(3))
        #expect(record.membersRemoved == 1 && record.version == 7 && record.pages == 1)
        #expect(try store.member(uid("gone")) == nil)
        #expect(try store.templates(userid: uid("gone")).isEmpty)
        #expect(try store.permVersion() == 7)
        #expect(try store.directoryPullProgress() == nil)
        #expect(try store.lastDirectoryPull() == record)
        let members = try store.directoryMembers()
        #expect(members.map(\.member.userid.rawValue) == ["a", "b"])
        #expect(members.allSatisfy { $0.origin == .pulled })
        #expect(members[0].passRules == #"[{"id":1,"rule":"r"}]"# && members[0].publicKey == "key-a")
        #expect(try store.occupiedSlots(userid: uid("a"), modality: .fingerprint) == [0, 3])
        #expect(try store.template(userid: uid("b"), slot: slot(.face, 5))?.template == faTemplate(3))
    }

    @Test("the cloud's slots replace the member's, except a local enrollment not yet uploaded")
    func pendingLocalEnrollmentWins() throws {
        let store = try TerminalStore.inMemory()
        try store.commitEnrollment(
            userid: uid("a"), userType: .employee, slot: slot(.fingerprint, 1), template: fpTemplate(5),
            operation: nil, now: t0)
        try store.upsertMember(Member(userid: uid("a")))
        try store.storeTemplate(
            StoredTemplate(userid: uid("a"), slot: slot(.fingerprint, 2), template: fpTemplate(6)), enrolledAt: t0)

        let count = try store.applyDirectoryChange(
            changed: [pulled("a", fp: [0: fpTemplate(7)])], removed: [], version: 3, now: t0)
        #expect(count.templatesWritten == 1 && count.templatesRemoved == 1 && count.slotsKeptForUpload == 1)
        #expect(try store.occupiedSlots(userid: uid("a"), modality: .fingerprint) == [0, 1])
        #expect(try store.template(userid: uid("a"), slot: slot(.fingerprint, 1))?.template == fpTemplate(5))
        #expect(try store.directoryMembers().first?.origin == .enrolled, "enrolled here stays enrolled here")
        #expect(try store.permVersion() == 3)
    }

    @Test("a modality the cloud did not answer for is left as it is")
    func unansweredModalityUntouched() throws {
        let store = try TerminalStore.inMemory()
        try store.upsertMember(Member(userid: uid("a")))
        try store.storeTemplate(
            StoredTemplate(userid: uid("a"), slot: slot(.face, 0), template: faTemplate(1)), enrolledAt: t0)
        try store.applyDirectoryChange(changed: [pulled("a", fp: [:])], removed: [], version: nil, now: t0)
        #expect(try store.occupiedSlots(userid: uid("a"), modality: .face) == [0])
    }

    @Test("a member deleted in the cloud goes with its templates; a result owed to the cloud is still sent")
    func deletionKeepsOwedResults() throws {
        let store = try TerminalStore.inMemory()
        try store.commitEnrollment(
            userid: uid("a"), userType: .employee, slot: slot(.fingerprint, 0), template: fpTemplate(1),
            operation: pushed("op-1", receivedAt: t0), now: t0)
        try store.commitEnrollment(
            userid: uid("a"), userType: .employee, slot: slot(.fingerprint, 1), template: fpTemplate(2),
            operation: nil, now: t0)
        let count = try store.applyDirectoryChange(changed: [], removed: [uid("a")], version: 4, now: t0)
        #expect(count.membersRemoved == 1)
        #expect(try store.member(uid("a")) == nil)
        #expect(try store.templates(userid: uid("a")).isEmpty)
        #expect(try store.outboxCount() == 1, "the row answering op-1 stays; the local re-push goes")
    }

    @Test("the end of a pull keeps a member with an upload still pending even when the pull did not list it")
    func pendingUploadSurvivesTheSweep() throws {
        let store = try TerminalStore.inMemory()
        try store.commitEnrollment(
            userid: uid("new"), userType: .employee, slot: slot(.fingerprint, 0), template: fpTemplate(1),
            operation: nil, now: t0)
        let progress = try store.beginDirectoryPull(targetVersion: 1, now: t0)
        let record = try store.finishDirectoryPull(progress, now: t0)
        #expect(record.membersRemoved == 0)
        #expect(try store.member(uid("new")) != nil)
    }

    @Test("every pull has a new generation; a pull begun again starts from offset 0; unbind forgets the pull")
    func generations() throws {
        let store = try TerminalStore.inMemory()
        let first = try store.beginDirectoryPull(targetVersion: 1, now: t0)
        var advanced = first
        advanced.nextOffset = 400
        try store.applyPulledPage([], progress: advanced, now: t0)
        let second = try store.beginDirectoryPull(targetVersion: 2, now: t0)
        #expect(second.generation == first.generation + 1 && second.nextOffset == 0)
        try store.wipeForUnbind()
        #expect(try store.directoryPullProgress() == nil)
        #expect(try store.lastDirectoryPull() == nil)
    }

    @Test("a pull record this build cannot read is an error naming the setting")
    func unreadableProgressNamesTheSetting() throws {
        let store = try TerminalStore.inMemory()
        try store.saveSetting("directory_pull.progress", "{not json")
        let error = #expect(throws: TerminalStoreError.self) { try store.directoryPullProgress() }
        #expect(error?.description.contains("directory_pull.progress") == true)
    }

    @Test("members are counted by origin")
    func countsByOrigin() throws {
        let store = try TerminalStore.inMemory()
        try store.commitEnrollment(
            userid: uid("here"), userType: .employee, slot: slot(.fingerprint, 0), template: fpTemplate(1),
            operation: nil, now: t0)
        try store.applyDirectoryChange(changed: [pulled("there")], removed: [], version: nil, now: t0)
        #expect(try store.memberCounts() == [.enrolled: 1, .pulled: 1])
    }
}
