import Biometrics
import FingerprintModuleSim
import Minutiae
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

        @Test(
            "fingerprint.templates iso: real FVC impressions through the CH340 → ISO record with one view per press",
            .enabled(if: FileManager.default.fileExists(atPath: Self.fvc2002.path), "needs ../shared/data/fingerprints"))
        func isoEnrollmentFromRealImages() async throws {
            let module = SimulatedZFMModule(configuration: .init(uartImages: true))
            try await UMockdevTestbed.run(.ch340, module: module) { device in
                var quiet = Logger(label: "usb-iso")
                quiet.logLevel = .critical
                let cloud = CloudSimulator(logger: quiet)
                try await cloud.addDevice(sn: "USB-ISO", secretNo: "usb-iso-secret")
                try await cloud.addMember(userid: "qianjiu", name: "钱九")
                try await cloud.bind(sn: "USB-ISO")
                let port = try await cloud.start(host: "127.0.0.1", port: 0)
                let config = try DaemonConfig.parse(Data("""
                    {"cloud": {"endpoint": "ws://127.0.0.1:\(port)/", "sn": "USB-ISO", "secret_no": "usb-iso-secret"},
                     "capture": {"poll_interval_ms": 50}, "fingerprint": {"link": "usb", "templates": "iso"}}
                    """.utf8))
                #expect(config.fingerprintAlgorithms == [AlgorithmID.isoMinutiae.rawValue])
                let fingerprint = try #require(try await FingerprintDevice.open(config.fingerprint))
                let store = try TerminalStore.inMemory()
                let terminal = try Terminal(
                    config: config, store: store, fingerprint: fingerprint,
                    transport: WSClientTransport(), reporter: Silent(), logger: quiet)
                let running = Task { await terminal.run() }
                defer { running.cancel() }

                let deadline = ContinuousClock.now + .seconds(20)
                while await cloud.devices().first?.loggedIn != true {
                    guard ContinuousClock.now < deadline else { Issue.record("the device never logged in"); return }
                    try await Task.sleep(for: .milliseconds(20))
                }
                let operID = try await cloud.pushEnrollment(sn: "USB-ISO", userid: "qianjiu", pageType: .fingerprint)
                var steps: [FingerPlacementScript.Step] = []
                for impression in 1...4 {
                    let finger = try SimulatedFinger(imageFile: Self.fvc2002.appendingPathComponent("103_\(impression).tif"))
                    steps += [.press(finger, duration: .milliseconds(600)), .lift(duration: .milliseconds(400))]
                }
                module.run(FingerPlacementScript(steps: steps))
                let operation = try await cloud.waitForOperation(operID, timeout: .seconds(40))
                #expect(operation.status == .accepted, "\(operation.reason ?? "")")
                let upload = try #require(await cloud.uploads().last)
                #expect(upload.users.first?.fpAlgorithm == AlgorithmID.isoMinutiae.rawValue)
                let stored = try #require(try store.template(userid: UserID("qianjiu"), slot: SlotID(.fingerprint, 0)!))
                let record = try ISOMinutiaeRecord(isoData: stored.template.data)
                #expect(record.views.count == 3)
                #expect(record.views.allSatisfy { $0.minutiae.count >= 8 })
                // The images crossed the USB link to the host, never the WebSocket: the upload is the record.
                #expect(module.count(of: .upImage) >= 3)
                #expect(upload.users.first?.slots.first?.size == stored.template.data.count)

                running.cancel()
                await running.value
                await fingerprint.close()
                await cloud.stop()
            }
        }

        static let fvc2002 = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/data/fingerprints/fvc2002_db1_b")
    }
}
