import Biometrics
import Foundation
import TerminalStore
import Testing
import WeComCloudSim

/// Issue 15: two terminals of one enterprise on one cloud simulator, each the real daemon composition on
/// its own simulated module. What one enrolls the other pulls; the admin's changes reach both; missed
/// pushes and cut-off pulls end in the cloud's directory all the same.
@Suite("End to end: member directory sync between two terminals", .serialized, .timeLimit(.minutes(5)))
struct DirectorySyncTests {
    static let snB = "E2E-TERMINAL-B"

    /// Terminals A and B of one enterprise; wangwu's right index enrolled on A and accepted by the cloud.
    static func twoTerminalsWithWangwuEnrolledOnA() async throws -> (TerminalHarness, TerminalHarness) {
        let a = try await TerminalHarness.start()
        let b = try await TerminalHarness.start(joining: a, sn: snB)
        let operID = try await a.cloud.pushEnrollment(sn: TerminalHarness.sn, userid: "wangwu", pageType: .fingerprint)
        try await a.press("wangwu-right-index")
        let operation = try await a.cloud.waitForOperation(operID, timeout: .seconds(30))
        guard operation.status == .accepted else {
            await b.stop()
            await a.stop()
            throw HarnessError("wangwu's enrollment on A was not accepted: \(operation)")
        }
        return (a, b)
    }

    @Test("a fingerprint enrolled on A is pulled by B, B's module library holds it, and the same finger on B is 105")
    func enrolledOnAPulledByB() async throws {
        let (a, b) = try await Self.twoTerminalsWithWangwuEnrolledOnA()
        defer {
            Task {
                await b.stop()
                await a.stop()
            }
        }
        let enrolled = try #require(try a.store.template(userid: UserID("wangwu"), slot: SlotID(.fingerprint, 0)!))

        try await b.waitUntil("B holds wangwu's template") {
            try b.store.template(userid: UserID("wangwu"), slot: SlotID(.fingerprint, 0)!)?.template
                == enrolled.template
        }
        let wangwu = try UserID("wangwu")
        let member = try #require(try b.store.directoryMembers().first { $0.member.userid == wangwu })
        #expect(member.origin == .pulled)
        #expect(try a.store.directoryMembers().first { $0.member.userid == wangwu }?.origin == .enrolled)
        try await b.waitUntil("B's module library holds it") {
            (0..<b.module.systemParameters.librarySize).contains {
                b.module.storedTemplate(page: $0) == [UInt8](enrolled.template.data)
            }
        }
        let version = Int64(await a.cloud.currentPermVersion())
        try await b.waitUntil("B stores the version") { try b.store.permVersion() == version }

        let duplicate = try await b.cloud.pushEnrollment(sn: Self.snB, userid: "zhaoliu", pageType: .fingerprint)
        try await b.press("wangwu-right-index")
        let answered = try await b.cloud.waitForOperation(duplicate, timeout: .seconds(30))
        #expect(answered.resultErrcode == 105)
        #expect(try b.store.occupiedSlots(userid: UserID("zhaoliu"), modality: .fingerprint).isEmpty)
    }

    @Test("a member deleted and one renamed on the admin side are deleted and renamed on both terminals")
    func adminChangesReachBoth() async throws {
        let (a, b) = try await Self.twoTerminalsWithWangwuEnrolledOnA()
        defer {
            Task {
                await b.stop()
                await a.stop()
            }
        }
        try await b.waitUntil("B pulls wangwu's template") {
            try !b.store.occupiedSlots(userid: UserID("wangwu"), modality: .fingerprint).isEmpty
        }

        try await a.cloud.renameMember(from: "wangwu", to: "wangwu.2")
        try await a.cloud.deleteMember(userid: "zhaoliu")
        let version = Int64(await a.cloud.currentPermVersion())
        for terminal in [a, b] {
            try await terminal.waitUntil("\(terminal.world.sn) applies the rename and the deletion") {
                try terminal.store.permVersion() == version && (try terminal.store.member(UserID("zhaoliu")) == nil)
                    && (try terminal.store.member(UserID("wangwu")) == nil)
                    && (try terminal.store.occupiedSlots(userid: UserID("wangwu.2"), modality: .fingerprint) == [0])
            }
        }
        // A's own upload bumped the version without a push to A; that credit explains the gap, no full pull.
        for sn in [TerminalHarness.sn, Self.snB] {
            #expect(
                await a.cloud.pageRequests.filter { $0.sn == sn }.count == 1, "only \(sn)'s first login pulled in full")
        }
    }

    @Test("a push more than one version past the stored one makes a full pull that ends in the cloud's directory")
    func versionGapMakesAFullPull() async throws {
        let a = try await TerminalHarness.start()
        let b = try await TerminalHarness.start(joining: a, sn: Self.snB, directoryPageSize: 2)
        defer {
            Task {
                await b.stop()
                await a.stop()
            }
        }
        let first = Int64(await a.cloud.currentPermVersion())
        try await b.waitUntil("B's first pull ends") { try b.store.permVersion() == first }
        let pagesBefore = await a.cloud.pageRequests.filter { $0.sn == Self.snB }.count
        // As if B had missed a push: its stored version falls one behind.
        try b.store.savePermVersion(first - 1)
        try await a.cloud.putTemplate(
            userid: "zhaoliu",
            CloudTemplateLoad(
                pageType: .fingerprint, slot: 3, algorithm: "zfm-module-char-v1", data: Data(repeating: 7, count: 512)))
        for userid in ["m1", "m2", "m3"] { try await a.cloud.addMember(userid: userid, name: userid) }
        let version = Int64(await a.cloud.currentPermVersion())
        try await b.waitUntil("B pulls in full up to the cloud's version") {
            try b.store.permVersion() == version && (try b.store.memberCount() == 5)
        }
        #expect(await a.cloud.pageRequests.filter { $0.sn == Self.snB }.count > pagesBefore)
        #expect(
            try b.store.template(userid: UserID("zhaoliu"), slot: SlotID(.fingerprint, 3)!)?.template.data
                == Data(repeating: 7, count: 512))
        let record = try #require(try b.store.lastDirectoryPull())
        #expect(record.version == version && record.members == 5 && record.pages == 3)

        // The operator's `attendctl sync --full`: pulls again whatever the versions say, and says what it did.
        let pagesBeforeForced = await a.cloud.pageRequests.filter { $0.sn == Self.snB }.count
        let reply = await b.terminal.handleControl(.syncFull)
        #expect(reply.ok, "\(reply.message)")
        #expect(reply.message.hasPrefix("pulled v\(version) in ") && reply.message.contains("5 members, "))
        #expect(await a.cloud.pageRequests.filter { $0.sn == Self.snB }.count == pagesBeforeForced + 3)
    }

    @Test("a pull cut off part way leaves the old directory usable and resumes where it stopped after a restart")
    func cutOffPullResumes() async throws {
        let members = (1...9).map { "p\($0)" }
        let a = try await TerminalHarness.start(members: members)
        defer { Task { await a.stop() } }
        // B held an older directory: a member since deleted in the cloud, with a template.
        let store = try TerminalStore.inMemory()
        try store.upsertMember(Member(userid: UserID("gone"), name: "gone"))
        try store.storeTemplate(
            StoredTemplate(
                userid: UserID("gone"), slot: SlotID(.fingerprint, 0)!,
                template: Template(modality: .fingerprint, algorithm: .zfmModule, data: Data(repeating: 1, count: 512))),
            enrolledAt: Date())
        try store.savePermVersion(0)
        try await a.cloud.setFaults(CloudFaults(dropConnectionAtPageOffset: 4))

        // The connection drops at every request for offset 4: B is logged in only between drops.
        let first = try await TerminalHarness.start(
            store: store, joining: a, sn: Self.snB, directoryPageSize: 2, awaitLogin: false)
        try await first.waitUntil("the pull stops at offset 4", timeout: .seconds(120)) {
            try store.directoryPullProgress()?.nextOffset == 4
        }
        await first.stopTerminal()
        try await a.cloud.setFaults(CloudFaults())
        #expect(try store.member(UserID("gone")) != nil, "the old directory stays until the pull has ended")
        #expect(try store.member(UserID("p1")) != nil)
        #expect(try store.member(UserID("p4")) != nil)

        let again = try await TerminalHarness.start(
            store: store, joining: a, sn: Self.snB, registering: false, directoryPageSize: 2)
        defer { Task { await again.stop() } }
        let version = Int64(await a.cloud.currentPermVersion())
        try await again.waitUntil("the resumed pull ends", timeout: .seconds(120)) {
            try store.permVersion() == version
        }
        #expect(try store.member(UserID("gone")) == nil)
        #expect(try store.memberCount() == 9)
        let offsets = await a.cloud.pageRequests.filter { $0.sn == Self.snB }.map(\.offset)
        #expect(offsets.first == 0 && offsets.dropFirst().allSatisfy { $0 > 0 }, "never from 0 again: \(offsets)")
        #expect(offsets.suffix(3) == [4, 6, 8], "resumed at offset 4: \(offsets)")
        #expect(try store.lastDirectoryPull()?.pages == 5)
    }

    @Test("visitors arrive with their templates and pass rules, survive a full pull, and go when deleted")
    func visitors() async throws {
        let a = try await TerminalHarness.start()
        defer { Task { await a.stop() } }
        let visitor = try UserID("guest/1000006")
        try await a.cloud.addVisitor(
            userid: visitor.rawValue, name: "Guest", passRules: [CloudPassRule(id: 1, rule: "lobby", effectTime: 0)])
        try await a.cloud.putTemplate(
            userid: visitor.rawValue,
            CloudTemplateLoad(
                pageType: .fingerprint, slot: 2, algorithm: "zfm-module-char-v1", data: Data(repeating: 5, count: 512)))
        let version = Int64(await a.cloud.currentVisitorVersion())
        try await a.waitUntil("the terminal holds the visitor's template") {
            try a.store.visitorVersion() == version
                && (try a.store.occupiedSlots(userid: visitor, modality: .fingerprint) == [2])
        }
        let held = try #require(try a.store.directoryMembers().first { $0.member.userid == visitor })
        #expect(held.member.userType == .visitor && held.origin == .pulled)
        #expect(held.passRules?.contains("lobby") == true)

        // A member change with a missed push: the full pull that follows does not list visitors, and keeps them.
        try a.store.savePermVersion(0)
        try await a.cloud.addMember(userid: "newcomer", name: "N")
        let permVersion = Int64(await a.cloud.currentPermVersion())
        try await a.waitUntil("the full pull ends") { try a.store.permVersion() == permVersion }
        #expect(try a.store.member(visitor) != nil)

        try await a.cloud.deleteVisitor(userid: visitor.rawValue)
        try await a.waitUntil("the visitor is gone") { try a.store.member(visitor) == nil }
        #expect(try a.store.visitorVersion() == Int64(await a.cloud.currentVisitorVersion()))
    }

    @Test("a member deleted while their enrollment runs: the enrollment finishes and its result is still sent")
    func deletedDuringEnrollment() async throws {
        let a = try await TerminalHarness.start()
        defer { Task { await a.stop() } }
        let operID = try await a.cloud.pushEnrollment(sn: TerminalHarness.sn, userid: "wangwu", pageType: .fingerprint)
        try await a.waitUntil("the terminal asks for the finger") {
            a.reporter.events.contains { if case .prompt(let p) = $0 { p.operID == operID } else { false } }
        }
        try await a.cloud.deleteMember(userid: "wangwu")
        let version = Int64(await a.cloud.currentPermVersion())
        try await a.waitUntil("the deletion is applied") { try a.store.permVersion() == version }
        try await a.press("wangwu-right-index")
        try await a.waitUntil("the result reaches the cloud") {
            await a.cloud.uploads().contains { $0.operID == operID }
        }
        let upload = try #require(await a.cloud.uploads().first { $0.operID == operID })
        #expect(upload.users.map(\.userid) == ["wangwu"], "the template the enrollment made, sent with its oper_id")
        #expect(upload.failList == ["wangwu"], "the cloud no longer knows wangwu: \(upload.reasons)")
    }
}
