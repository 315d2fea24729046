import Biometrics
import Enrollment
import Foundation
import TerminalDaemon
import Testing
import WeComCloudSim

/// Issue 13, bullet 1: "a device that comes back mid-enrollment does not resurrect that enrollment (it
/// has already failed with 110)". The module is unplugged during a capture and plugged back as soon as
/// the cloud has the 110, long before that capture's deadline (20 s) would have passed.
@Suite("End to end: a module back mid-enrollment does not resurrect it", .serialized)
struct ModuleBackMidEnrollmentTests {
    @Test("unplugged after press 1, replugged after the 110: one result (110) for that oper_id, the next push enrolls")
    func replugAfterTheFailure() async throws {
        let world = try await FaultMatrixWorld()
        defer { Task { await world.stop() } }
        try await world.startTerminal()
        let wangwu = try UserID("wangwu")

        let first = try await world.cloud.pushEnrollment(
            sn: FaultMatrixWorld.sn, userid: "wangwu", pageType: .fingerprint)
        world.press("wangwu-right-index", for: first)
        try await world.waitForPrompt(first) { $0 == .liftFinger }
        await world.unplugModule()
        let faulted = try await world.cloud.waitForOperation(first, timeout: FaultMatrixTests.operationWait)
        #expect(faulted.resultErrcode == 110, "\(faulted)")
        // Back well within the faulted capture's deadline.
        try world.plugModule()

        // The next push, for the same member and finger: had the first enrollment come back to life with
        // the module, the busy rule would answer this one 101 (one enrollment at a time).
        let second = try await world.cloud.pushEnrollment(
            sn: FaultMatrixWorld.sn, userid: "wangwu", pageType: .fingerprint)
        world.press("wangwu-right-index", for: second)
        let next = try await world.cloud.waitForOperation(second, timeout: FaultMatrixTests.operationWait)
        #expect(next.status == .accepted && next.resultErrcode == 0, "\(next)")
        try await world.waitUntil("the outbox empties") { try world.store.outboxCount() == 0 }

        // The cloud saw one result for the first oper_id, the 110, and nothing after it.
        let uploads = await world.uploads(of: first)
        #expect(uploads.count == 1, "\(uploads)")
        let firstNow = try #require(await world.cloud.operation(first))
        #expect(firstNow.resultErrcode == 110 && firstNow.status != .accepted, "\(firstNow)")
        // The terminal ended the first enrollment once, and asked for nothing more of it afterwards.
        let events = world.reporter.events
        let endings = events.indices.filter { index in
            guard case .outcome(let outcome) = events[index] else { return false }
            return outcome.request.operID == first
        }
        #expect(endings.count == 1, "\(endings.count) outcomes of \(first)")
        if let end = endings.first {
            let later = events[(end + 1)...].filter { event in
                switch event {
                case .prompt(let prompt): prompt.operID == first
                case .uploadSent(let upload): upload.operID == first
                default: false
                }
            }
            #expect(later.isEmpty, "events of \(first) after it ended: \(later)")
        }
        // Only the second enrollment's template is held, here and in the cloud.
        let held = try world.store.templates(userid: wangwu)
        #expect(held.count == 1, "\(held.map(\.slot))")
        #expect(await world.cloud.storedTemplates(userid: "wangwu").count == 1)
    }
}
