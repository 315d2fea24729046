import Biometrics
import DeviceSetup
import FingerprintModuleSim
import Foundation
import SimulatedWorld
import TerminalStore
import TerminalTesting
import Testing
import WeComCloudSim

/// Issue 13's first bullet as the cloud sees it: the daemon composition on the recovering fingerprint
/// device (as attendanced opens it), the module simulator on a Unix socket that is restarted.
@Suite("End to end: a fingerprint module that goes away comes back", .serialized)
struct FingerprintRecoveryEndToEndTests {
    static let sn = "E2E-RECOVERY"

    @Test("module restarted: the push while it is away answers 110, the next push is accepted")
    func restartedModule() async throws {
        let world = try await SimulatedWorld.start(
            sn: Self.sn, secretNo: "e2e-recovery-secret", members: [("wangwu", "wangwu")])
        let path = NSTemporaryDirectory() + "e2e-fp-\(UUID().uuidString.prefix(8)).sock"
        let module = SimulatedZFMModule(clock: ContinuousClock())
        let config = try world.config(
            #""capture": {"presses": 3, "poll_interval_ms": 50}, "fingerprint": {"link": "unix:\#(path)"}"#)
        var server = try ZFMSocketServer(module: module, path: path)
        server.start()
        let fingerprint = try #require(try await FingerprintDevice.recovering(config.fingerprint))
        let store = try TerminalStore.inMemory()
        let reporter = RecordingReporter()
        let running = try await world.startTerminal(
            config: config, store: store, fingerprint: fingerprint, reporter: reporter)

        func enroll(_ finger: String) async throws -> CloudOperation {
            // Pressed on the terminal's prompts, so a loaded machine cannot make the presses pass unseen.
            PromptFollowingFinger(module: module, reporter: reporter).press(SimulatedFinger(finger))
            let operID = try await world.cloud.pushEnrollment(sn: Self.sn, userid: "wangwu", pageType: .fingerprint)
            return try await world.cloud.waitForOperation(operID, timeout: .seconds(30))
        }

        let before = try await enroll("wangwu-right-index")
        #expect(before.status == .accepted, "\(before.reason ?? "")")

        await server.shutdown()
        let away = try await enroll("wangwu-right-index")
        #expect(away.resultErrcode == 110, "\(away)")

        server = try ZFMSocketServer(module: module, path: path)
        server.start()
        let after = try await enroll("wangwu-left-thumb")
        #expect(after.status == .accepted, "\(after.reason ?? "")")
        #expect(try store.templates(userid: UserID("wangwu")).count == 2)

        await running.stop()
        await fingerprint.close()
        await server.shutdown()
        await world.stop()
    }
}
