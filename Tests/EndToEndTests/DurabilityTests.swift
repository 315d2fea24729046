import Biometrics
import Foundation
import TerminalStore
import Testing
import WeComCloudSim

@Suite("End to end: durability across restarts and outages", .serialized)
struct DurabilityTests {
    @Test("an enrollment committed before a crash is re-pushed without oper_id when the daemon comes back")
    func repushAfterRestart() async throws {
        let path = FileManager.default.temporaryDirectory.path + "/e2e-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            // The previous run committed the template and its outbox row, then died before uploading.
            let crashed = try TerminalStore.open(path: path)
            let userid = try UserID("wangwu")
            try crashed.upsertMember(Member(userid: userid))
            try crashed.commitEnrollment(
                userid: userid, userType: .employee, slot: SlotID(.fingerprint, 4)!,
                template: Template(
                    modality: .fingerprint, algorithm: .zfmModule,
                    data: Data((0..<512).map { UInt8(truncatingIfNeeded: $0 &* 37) })),
                operation: PushedOperation(
                    operID: "op-before-crash", receivedAt: Date().addingTimeInterval(-300),
                    deadline: Date().addingTimeInterval(-245), window: 55),
                now: Date().addingTimeInterval(-290))
            try crashed.close()
        }
        let world = try await TerminalHarness.start(store: try TerminalStore.open(path: path))
        defer { Task { await world.stop() } }
        try await world.waitUntil("the outbox is re-pushed") { try world.store.outboxCount() == 0 }
        let upload = try #require(await world.cloud.uploads().last)
        #expect(upload.verdict == .accepted)
        #expect(upload.operID == nil, "the minute is long gone: no oper_id")
        #expect(upload.users.first?.slots.first?.slot == 4)
        #expect(await world.cloud.storedTemplates(userid: "wangwu").count == 1)
    }

    @Test("a backlog of 250 users goes out over the socket in batches of at most 200, all accepted")
    func largeBacklog() async throws {
        let users = (0..<250).map { String(format: "backlog%03d", $0) }
        let store = try TerminalStore.inMemory()
        for (n, user) in users.enumerated() {
            try store.commitEnrollment(
                userid: try UserID(user), userType: .employee, slot: SlotID(.fingerprint, n % 10)!,
                template: Template(
                    modality: .fingerprint, algorithm: .zfmModule,
                    data: Data((0..<512).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ n) })),
                operation: nil, now: Date().addingTimeInterval(-600))
        }
        let world = try await TerminalHarness.start(members: users, store: store)
        defer { Task { await world.stop() } }
        try await world.waitUntil("the backlog is acknowledged", timeout: .seconds(30)) { try store.outboxCount() == 0 }
        let uploads = await world.cloud.uploads()
        #expect(uploads.map(\.userCount) == [200, 50])
        #expect(uploads.allSatisfy { $0.verdict == .accepted && $0.operID == nil })
        #expect(await world.cloud.storedTemplates().count == 250)
    }

    @Test("a dropped connection during the upload loses nothing: the row is sent after reconnecting")
    func outageDuringUpload() async throws {
        let world = try await TerminalHarness.start()
        defer { Task { await world.stop() } }
        try await world.cloud.setFaults(CloudFaults(rejectNextUpload: 600110))
        let operID = try await world.cloud.pushEnrollment(
            sn: TerminalHarness.sn, userid: "wangwu", pageType: .fingerprint)
        try await world.press("wangwu-right-index")
        try await world.waitUntil("the first upload is refused") { await world.cloud.uploads().count >= 1 }
        #expect(try world.store.outboxCount() == 1, "refused: the row stays")
        try await world.cloud.dropConnection(sn: TerminalHarness.sn)
        try await world.waitUntil("the row is delivered after the reconnect", timeout: .seconds(40)) {
            try world.store.outboxCount() == 0
        }
        let accepted = await world.cloud.uploads().filter { $0.verdict == .accepted }
        #expect(accepted.count == 1)
        #expect(accepted.first?.users.first?.userid == "wangwu")
        _ = operID
    }
}
