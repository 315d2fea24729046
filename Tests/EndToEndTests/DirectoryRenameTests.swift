import Biometrics
import Foundation
import TerminalStore
import Testing
import WeComCloudSim

/// Issue 15, first step: a userid renamed by the enterprise's admin reaches the terminal as
/// `push_change_userid` and the member keeps their templates under the new userid.
@Suite("End to end: push_change_userid renames a member on the terminal", .serialized)
struct DirectoryRenameTests {
    @Test(
        "an enrolled member renamed on the admin side keeps their template under the new userid; the version is stored")
    func renameKeepsTemplates() async throws {
        let world = try await TerminalHarness.start()
        defer { Task { await world.stop() } }
        let operID = try await world.cloud.pushEnrollment(
            sn: TerminalHarness.sn, userid: "wangwu", pageType: .fingerprint)
        try await world.press("wangwu-right-index")
        #expect(try await world.cloud.waitForOperation(operID, timeout: .seconds(30)).status == .accepted)
        let before = try #require(try world.store.template(userid: UserID("wangwu"), slot: SlotID(.fingerprint, 0)!))

        try await world.cloud.renameMember(from: "wangwu", to: "wangwu.new")
        let version = await world.cloud.directoryStatus().permVersion
        try await world.waitUntil("the terminal applies the rename") {
            try world.store.member(UserID("wangwu.new")) != nil && world.store.permVersion() == Int64(version)
        }
        #expect(try world.store.member(UserID("wangwu")) == nil)
        let after = try #require(try world.store.template(userid: UserID("wangwu.new"), slot: SlotID(.fingerprint, 0)!))
        #expect(after.template == before.template)
    }
}
