import Biometrics
import DeviceSetup
import Enrollment
import Foundation
import Testing

@testable import TerminalDaemon

/// The status file follows a local enrollment (no `oper_id`) as it does a cloud one.
@Suite("status file during a local enrollment")
struct StatusFileLocalEnrollmentTests {
    @Test("prompts without oper_id: the running enrollment is shown, its start kept across its prompts")
    func localPromptsAreShown() throws {
        let folder = NSTemporaryDirectory() + "status-local-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/status.json"
        let reporter = StatusFileReporter(
            path: path, sn: "SN1", endpoint: "ws://127.0.0.1:1/", fingerprintDevice: "ZFM module on usb")
        let zhangsan = try UserID("zhangsan")
        reporter.report(
            .prompt(
                EnrollmentPromptEvent(
                    operID: nil, userid: zhangsan, modality: .fingerprint, prompt: .placeFinger(press: 1, of: 3),
                    elapsed: .zero)))
        reporter.waitForWrites()
        let first = try #require(try DaemonStatus.read(from: path).enrollment)
        #expect(first.operID == nil)
        #expect(first.userid == "zhangsan")
        #expect(first.prompt == "Place your finger on the sensor (1/3)")

        reporter.report(
            .prompt(
                EnrollmentPromptEvent(
                    operID: nil, userid: zhangsan, modality: .fingerprint, prompt: .liftFinger,
                    elapsed: .milliseconds(800))))
        reporter.waitForWrites()
        let second = try #require(try DaemonStatus.read(from: path).enrollment)
        #expect(second.prompt == "Lift your finger")
        #expect(second.startedAt == first.startedAt)

        // Another member's local enrollment is another operation.
        reporter.report(
            .prompt(
                EnrollmentPromptEvent(
                    operID: nil, userid: try UserID("lisi"), modality: .fingerprint,
                    prompt: .placeFinger(press: 1, of: 3), elapsed: .zero)))
        reporter.waitForWrites()
        #expect(try DaemonStatus.read(from: path).enrollment?.userid == "lisi")
    }
}
