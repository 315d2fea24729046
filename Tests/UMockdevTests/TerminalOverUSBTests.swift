import Biometrics
import FingerprintModuleSim
import Foundation
import Logging
import TerminalDaemon
import TerminalStore
import Testing
import UMockdevHarness
import WeComCloudSim
import WeComDevice

extension UMockdevTier2Tests {
    /// What `make demo` shows, as a test: the real daemon composition opens the module through
    /// its config (`fingerprint.link usb`) on the real libusb path and completes a cloud enrollment.
    @Suite("the daemon enrolls through a CH340 on the real libusb path")
    struct TerminalOverUSBTests {
        struct Silent: TerminalReporter {
            func report(_ event: TerminalEvent) {}
        }

        @Test("push → presses through USBHost and the CH340 → upload accepted within the minute")
        func enrollment() async throws {
            let module = SimulatedZFMModule(configuration: .init(uartImages: true))
            try await UMockdevTestbed.run(.ch340, module: module) { device in
                var quiet = Logger(label: "usb-e2e")
                quiet.logLevel = .critical
                let cloud = CloudSimulator(logger: quiet)
                try await cloud.addDevice(sn: "USB-E2E", secretNo: "usb-e2e-secret")
                try await cloud.addMember(userid: "zhouqi", name: "周七")
                try await cloud.bind(sn: "USB-E2E")
                let port = try await cloud.start(host: "127.0.0.1", port: 0)
                let config = try DaemonConfig.parse(Data("""
                    {"cloud": {"endpoint": "ws://127.0.0.1:\(port)/", "sn": "USB-E2E", "secret_no": "usb-e2e-secret"},
                     "capture": {"poll_interval_ms": 50}, "fingerprint": {"link": "usb"}}
                    """.utf8))
                let fingerprint = try #require(try await FingerprintDevice.open(config.fingerprint))
                #expect(fingerprint.description.contains("CH340"))
                let terminal = try Terminal(
                    config: config, store: try TerminalStore.inMemory(), fingerprint: fingerprint,
                    transport: WSClientTransport(), reporter: Silent(), logger: quiet)
                let running = Task { await terminal.run() }
                defer { running.cancel() }

                let deadline = ContinuousClock.now + .seconds(20)
                while await cloud.devices().first?.loggedIn != true {
                    guard ContinuousClock.now < deadline else { Issue.record("the device never logged in"); return }
                    try await Task.sleep(for: .milliseconds(20))
                }
                let operID = try await cloud.pushEnrollment(sn: "USB-E2E", userid: "zhouqi", pageType: .fingerprint)
                module.run(.presses(SimulatedFinger("zhouqi-right-index"), press: .milliseconds(400), lift: .milliseconds(300), count: 3))
                let operation = try await cloud.waitForOperation(operID, timeout: .seconds(30))
                #expect(operation.status == .accepted, "\(operation.reason ?? "")")
                #expect((operation.elapsedMs ?? .max) < 60_000)
                #expect(device.configuredLineCoding?.isCompatible(with: .eightNoneOne(57_600)) == true)
                #expect(device.urbCounters.bulkOut > 0)

                running.cancel()
                await running.value
                await fingerprint.close()
                await cloud.stop()
            }
        }
    }
}
