import Biometrics
import Foundation
import TerminalStore
import Testing

@Suite("Members and template slots")
struct MemberAndTemplateTests {
    @Test func upsertGetAndUpdate() throws {
        let store = try TerminalStore.inMemory()
        try store.upsertMember(Member(userid: uid("a"), userType: .employee, name: "甲"))
        try store.upsertMember(Member(userid: uid("a"), userType: .visitor, name: "甲2"))
        #expect(try store.member(uid("a")) == Member(userid: uid("a"), userType: .visitor, name: "甲2"))
        #expect(try store.member(uid("missing")) == nil)
        #expect(try store.memberCount() == 1)
    }

    @Test func membersArePagedByUserID() throws {
        let store = try TerminalStore.inMemory()
        try store.upsertMembers((0..<7).map { Member(userid: uid("m\($0)")) }.shuffled())
        var seen: [UserID] = []
        var cursor: UserID?
        while true {
            let page = try store.members(after: cursor, limit: 3)
            if page.isEmpty { break }
            seen += page.map(\.userid)
            cursor = page.last?.userid
        }
        #expect(seen == (0..<7).map { uid("m\($0)") })
    }

    @Test func occupiedSlotsAndReplaceOnReEnroll() throws {
        let store = try TerminalStore.inMemory()
        for index in [0, 3, 9] {
            try store.commitEnrollment(
                userid: uid("a"), userType: .employee, slot: slot(.fingerprint, index),
                template: fpTemplate(UInt8(index)),
                operation: nil, now: t0)
        }
        try store.commitEnrollment(
            userid: uid("a"), userType: .employee, slot: slot(.face, 0), template: faTemplate(1), operation: nil,
            now: t0)
        #expect(try store.occupiedSlots(userid: uid("a"), modality: .fingerprint) == [0, 3, 9])
        #expect(try store.occupiedSlots(userid: uid("a"), modality: .face) == [0])
        #expect(try store.occupiedSlots(userid: uid("b"), modality: .face) == [])

        let later = t0.addingTimeInterval(100)
        let replacement = fpTemplate(77, algorithm: AlgorithmID("iso-19794-2"))
        try store.commitEnrollment(
            userid: uid("a"), userType: .employee, slot: slot(.fingerprint, 3), template: replacement,
            operation: nil, now: later)
        let stored = try #require(try store.template(userid: uid("a"), slot: slot(.fingerprint, 3)))
        #expect(stored.template == replacement)
        #expect(stored.enrolledAt == later)
        #expect(try store.occupiedSlots(userid: uid("a"), modality: .fingerprint) == [0, 3, 9])
        #expect(
            try store.templates(userid: uid("a")).map(\.slot) == [
                slot(.fingerprint, 0), slot(.fingerprint, 3), slot(.fingerprint, 9), slot(.face, 0),
            ])
    }

    @Test func deleteMemberCascadesToTemplatesAndOutbox() throws {
        let store = try TerminalStore.inMemory()
        for user in ["a", "b"] {
            try store.commitEnrollment(
                userid: uid(user), userType: .employee, slot: slot(.fingerprint, 1), template: fpTemplate(1),
                operation: nil, now: t0)
            try store.commitEnrollment(
                userid: uid(user), userType: .employee, slot: slot(.face, 2), template: faTemplate(1),
                operation: nil, now: t0)
        }
        #expect(try store.deleteMember(uid("a")))
        #expect(try store.member(uid("a")) == nil)
        #expect(try store.templates(userid: uid("a")).isEmpty)
        #expect(try store.listOutbox().allSatisfy { $0.userid == uid("b") })
        #expect(try store.outboxCount() == 2)
        #expect(try store.templates(userid: uid("b")).count == 2)
        #expect(try !store.deleteMember(uid("a")))
    }

    @Test func duplicateCheckExcludesTheMemberAndFiltersByAlgorithm() throws {
        let store = try TerminalStore.inMemory()
        let iso = AlgorithmID("iso-19794-2")
        try store.commitEnrollment(
            userid: uid("self"), userType: .employee, slot: slot(.fingerprint, 0), template: fpTemplate(1),
            operation: nil, now: t0)
        try store.commitEnrollment(
            userid: uid("other"), userType: .employee, slot: slot(.fingerprint, 5), template: fpTemplate(2),
            operation: nil, now: t0)
        try store.commitEnrollment(
            userid: uid("other-iso"), userType: .employee, slot: slot(.fingerprint, 0),
            template: fpTemplate(3, algorithm: iso),
            operation: nil, now: t0)
        try store.commitEnrollment(
            userid: uid("face-only"), userType: .employee, slot: slot(.face, 0),
            template: faTemplate(4, algorithm: .zfmModule), operation: nil, now: t0)

        let candidates = try store.templates(modality: .fingerprint, algorithm: .zfmModule, excluding: uid("self"))
        #expect(
            candidates.map(\.stored) == [
                StoredTemplate(userid: uid("other"), slot: slot(.fingerprint, 5), template: fpTemplate(2))
            ])
        let everyone = try store.templates(modality: .fingerprint, algorithm: .zfmModule, excluding: nil)
        #expect(everyone.map(\.userid) == [uid("other"), uid("self")])
        #expect(
            try store.templates(modality: .fingerprint, algorithm: iso, excluding: uid("self")).map(\.userid)
                == [uid("other-iso")])
    }

    @Test func storeAndDeleteTemplateWithoutOutbox() throws {
        let store = try TerminalStore.inMemory()
        let synced = StoredTemplate(userid: uid("a"), slot: slot(.face, 7), template: faTemplate(5))
        #expect(throws: TerminalStoreError.unknownMember(uid("a"))) {
            try store.storeTemplate(synced, enrolledAt: t0)
        }
        try store.upsertMember(Member(userid: uid("a")))
        try store.storeTemplate(synced, enrolledAt: t0)
        #expect(try store.template(userid: uid("a"), slot: slot(.face, 7))?.stored == synced)
        #expect(try store.outboxCount() == 0)
        #expect(try store.deleteTemplate(userid: uid("a"), slot: slot(.face, 7)))
        #expect(try !store.deleteTemplate(userid: uid("a"), slot: slot(.face, 7)))
        #expect(try store.outboxCount() == 0)
    }

    @Test func renameMovesTemplatesAndOutboxRows() throws {
        let store = try TerminalStore.inMemory()
        try store.commitEnrollment(
            userid: uid("old"), userType: .employee, slot: slot(.fingerprint, 0), template: fpTemplate(1),
            operation: nil, now: t0)
        try store.upsertMember(Member(userid: uid("taken")))
        #expect(
            throws: TerminalStoreError.invalidInput(
                field: "new_userid", expected: "a userid not yet on the terminal", got: "\"taken\"")
        ) {
            try store.renameMember(from: uid("old"), to: uid("taken"))
        }
        #expect(throws: TerminalStoreError.unknownMember(uid("ghost"))) {
            try store.renameMember(from: uid("ghost"), to: uid("new"))
        }
        try store.renameMember(from: uid("old"), to: uid("new"))
        #expect(try store.member(uid("old")) == nil)
        #expect(try store.occupiedSlots(userid: uid("new"), modality: .fingerprint) == [0])
        #expect(try store.listOutbox().map(\.userid) == [uid("new")])
    }

    @Test func pageLimitOutOfRangeIsRefused() throws {
        let store = try TerminalStore.inMemory()
        #expect(throws: TerminalStoreError.invalidInput(field: "limit", expected: "1-10000", got: "-3")) {
            try store.members(limit: -3)
        }
    }
}
