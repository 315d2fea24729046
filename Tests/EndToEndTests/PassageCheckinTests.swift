import Biometrics
import Foundation
import TerminalStore
import Testing
import WeComCloudSim

/// Issue 16, the wire half of check-in records: passages committed in the terminal's store reach the cloud
/// simulator with `checkin`; one the cloud does not know stays pending.
@Suite("End to end: passages reach the cloud with checkin", .serialized, .timeLimit(.minutes(5)))
struct PassageCheckinTests {
    @Test("two members' passages are recorded by the cloud as fingerprint and face; an unknown userid waits")
    func passagesReachTheCloud() async throws {
        let world = try await TerminalHarness.start()
        defer { Task { await world.stop() } }
        let now = Date()
        for (userid, modality) in [("wangwu", Modality.fingerprint), ("zhaoliu", .face), ("stranger", .fingerprint)] {
            try world.store.recordPassage(
                PassageDraft(
                    userid: try UserID(userid), userType: .employee, modality: modality, direction: .entry, at: now,
                    uptime: 1, bootID: "e2e"))
        }
        // Flushed as the daemon does (at login; the recognition loop after each passage); a loaded machine may
        // lose the session once, and the records then wait for their back-off.
        try await world.waitUntil("the cloud has the two members' passages", timeout: .seconds(180)) {
            await world.terminal.passages.flush()
            return await world.cloud.passages().count == 2
        }
        let passages = await world.cloud.passages()
        #expect(passages.map(\.userid).sorted() == ["wangwu", "zhaoliu"])
        #expect(passages.first { $0.userid == "wangwu" }?.passMethod == 4)
        #expect(passages.first { $0.userid == "zhaoliu" }?.passMethod == 1)
        #expect(passages.allSatisfy { $0.timestamp == Int64(now.timeIntervalSince1970) && $0.passType == 1 })
        let counts = try world.store.passageCounts()
        #expect(counts.pending == 1 && counts.acknowledged == 2, "the stranger's record is kept, not dropped")
    }
}
