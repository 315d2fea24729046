import DeviceSetup
import Foundation
import TerminalTesting
import Testing

@testable import TerminalDaemon

@Suite("device presence in the status file and on the console")
struct DevicePresenceReportingTests {
    static let at = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("the status file keeps each device's presence; the console says present or absent and why")
    func statusFileAndConsole() throws {
        let folder = NSTemporaryDirectory() + "presence-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/status.json"
        let reporter = StatusFileReporter(
            path: path, sn: "SN1", endpoint: "ws://127.0.0.1:1/", fingerprintDevice: "ZFM module on usb")
        let gone = DevicePresence(
            present: false, since: Self.at, lastError: "unplugged: 1a86:7523 at bus 1 address 2 left the USB bus",
            lastErrorAt: Self.at)
        let camera = DevicePresence(present: true, since: Self.at, detail: "UVC camera /dev/video0 (GREY 640×480)")
        reporter.report(.devicePresence(.fingerprint, gone))
        reporter.report(.devicePresence(.camera, camera))
        reporter.waitForWrites()
        let status = try DaemonStatus.read(from: path)
        #expect(status.fingerprintPresence == gone)
        #expect(status.facePresence == camera)

        #expect(
            ConsoleReporter.line(for: .devicePresence(.fingerprint, gone))?.1
                == "fingerprint absent: unplugged: 1a86:7523 at bus 1 address 2 left the USB bus")
        #expect(
            ConsoleReporter.line(for: .devicePresence(.camera, camera))?.1
                == "camera present: UVC camera /dev/video0 (GREY 640×480)")
    }

    @Test("a recovering fingerprint device absent at start is reported absent at once")
    func followsTheDevice() async throws {
        let path = NSTemporaryDirectory() + "no-module-\(UUID().uuidString.prefix(8)).sock"
        let config = try FingerprintToolSettings.resolve(base: nil, link: "unix:\(path)", baud: nil)
        var settings = FingerprintRecoverySettings.default
        settings.retryInterval = .seconds(86_400)
        let device = try #require(try await FingerprintDevice.recovering(config, settings: settings))
        let reporter = RecordingReporter()
        reporter.followPresence(fingerprint: device, face: nil)
        let reported = reporter.events.compactMap { event -> DevicePresence? in
            guard case .devicePresence(.fingerprint, let presence) = event else { return nil }
            return presence
        }
        #expect(reported.count == 1)
        #expect(reported.first?.present == false)
        #expect(reported.first?.lastError?.contains(path) == true)
        await device.close()
    }
}
