import Biometrics
import FingerprintModule
import Foundation
import TerminalStore
import Testing
import WeComCloudSim

@Suite("End to end: cloud simulator ⇄ WebSocket ⇄ daemon ⇄ fingerprint module simulator", .serialized)
struct EnrollmentOverLoopbackTests {
    @Test("push → presses → upload accepted by the cloud's rule checker within the minute")
    func enrollsAFingerprint() async throws {
        let world = try await TerminalHarness.start()
        defer { Task { await world.stop() } }
        let operID = try await world.cloud.pushEnrollment(
            sn: TerminalHarness.sn, userid: "wangwu", pageType: .fingerprint)
        try await world.press("wangwu-right-index")
        let operation = try await world.cloud.waitForOperation(operID, timeout: .seconds(30))
        #expect(operation.status == .accepted, "\(operation.reason ?? "")")
        #expect(operation.resultErrcode == 0)
        #expect((operation.elapsedMs ?? .max) < 60_000)

        let upload = try #require(await world.cloud.uploads().last)
        #expect(upload.verdict == .accepted)
        #expect(upload.operID == operID)
        let slot = try #require(upload.users.first?.slots.first)
        #expect(upload.users.first?.userid == "wangwu")
        #expect(slot.pageType == .fingerprint && slot.slot == 0)
        #expect(upload.users.first?.fpAlgorithm == AlgorithmID.zfmModule.rawValue)

        // The terminal keeps the template, the cloud holds the same bytes, and the outbox empties.
        let stored = try #require(try world.store.template(userid: UserID("wangwu"), slot: SlotID(.fingerprint, 0)!))
        #expect(stored.template.data.count == slot.size)
        try await world.waitUntil("the outbox is acknowledged") { try world.store.outboxCount() == 0 }
        // Raw images never leave the terminal: the module was never asked for one.
        #expect(world.module.count(of: .upImage) == 0)
        #expect(stored.template.data.count < 1024)
    }

    @Test("a second push while one runs is answered 101 at once; the first still succeeds")
    func busy() async throws {
        let world = try await TerminalHarness.start()
        defer { Task { await world.stop() } }
        let first = try await world.cloud.pushEnrollment(
            sn: TerminalHarness.sn, userid: "wangwu", pageType: .fingerprint)
        try await Task.sleep(for: .milliseconds(200))
        let second = try await world.cloud.pushEnrollment(
            sn: TerminalHarness.sn, userid: "zhaoliu", pageType: .fingerprint)
        let busy = try await world.cloud.waitForOperation(second, timeout: .seconds(10))
        #expect(busy.resultErrcode == 101)
        #expect(busy.resultErrmsg == "设备正忙")
        try await world.press("wangwu-left-thumb")
        let done = try await world.cloud.waitForOperation(first, timeout: .seconds(30))
        #expect(done.status == .accepted)
    }

    @Test("push_exit_page for the running oper_id stops capture and sends nothing")
    func cancel() async throws {
        let world = try await TerminalHarness.start()
        defer { Task { await world.stop() } }
        let operID = try await world.cloud.pushEnrollment(
            sn: TerminalHarness.sn, userid: "wangwu", pageType: .fingerprint)
        try await Task.sleep(for: .milliseconds(300))
        try await world.cloud.cancel(operID: operID)
        try await Task.sleep(for: .milliseconds(500))
        try await world.press("wangwu-right-index", whenPolled: false)
        try await Task.sleep(for: .seconds(3))
        #expect(await world.cloud.uploads().isEmpty, "a cancelled operation sends nothing")
        #expect(await world.cloud.operation(operID)?.status == .cancelled)
        #expect(try world.store.templates(userid: UserID("wangwu")).isEmpty)
    }

    @Test("a second finger of the same member takes the next free slot; another member's finger is a duplicate (105)")
    func slotsAndDuplicates() async throws {
        let world = try await TerminalHarness.start()
        defer { Task { await world.stop() } }
        let first = try await world.cloud.pushEnrollment(
            sn: TerminalHarness.sn, userid: "wangwu", pageType: .fingerprint)
        try await world.press("wangwu-right-index")
        #expect(try await world.cloud.waitForOperation(first, timeout: .seconds(30)).status == .accepted)

        let second = try await world.cloud.pushEnrollment(
            sn: TerminalHarness.sn, userid: "wangwu", pageType: .fingerprint)
        try await world.press("wangwu-left-index")
        #expect(try await world.cloud.waitForOperation(second, timeout: .seconds(30)).status == .accepted)
        #expect(try world.store.occupiedSlots(userid: UserID("wangwu"), modality: .fingerprint) == [0, 1])

        let stolen = try await world.cloud.pushEnrollment(
            sn: TerminalHarness.sn, userid: "zhaoliu", pageType: .fingerprint)
        try await world.press("wangwu-right-index")
        let duplicate = try await world.cloud.waitForOperation(stolen, timeout: .seconds(30))
        #expect(duplicate.resultErrcode == 105)
        #expect(try world.store.templates(userid: UserID("zhaoliu")).isEmpty)
    }
}
