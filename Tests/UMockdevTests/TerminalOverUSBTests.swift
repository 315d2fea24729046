import Biometrics
import DeviceSetup
import FingerprintModuleSim
import Foundation
import Logging
import Minutiae
import SimulatedWorld
import TerminalStore
import TerminalTesting
import Testing
import UMockdevHarness
import WeComCloudSim

extension UMockdevTier2Tests {
    /// What `make demo` shows, as a test: the real daemon composition opens the module through
    /// its config (`fingerprint.link usb`) on the real libusb path and completes a cloud enrollment.
    @Suite("the daemon enrolls through a CH340 on the real libusb path")
    struct TerminalOverUSBTests {
        /// The cloud simulator with one bound member, the daemon composition on the USB module its
        /// `fingerprint` config section names, logged in.
        struct World {
            let cloud: CloudSimulator
            let store: TerminalStore
            let config: DaemonConfig
            let fingerprint: FingerprintDevice

            static func run(
                sn: String, member: String, fingerprint section: String, _ body: (World) async throws -> Void
            ) async throws {
                var quiet = Logger(label: "usb-e2e")
                quiet.logLevel = .critical
                let world = try await SimulatedWorld.start(
                    sn: sn, secretNo: "\(sn)-secret", members: [(member, member)], logger: quiet)
                let config = try world.config(#""capture": {"poll_interval_ms": 50}, "fingerprint": \#(section)"#)
                let fingerprint = try #require(try await FingerprintDevice.open(config.fingerprint))
                let store = try TerminalStore.inMemory()
                let running: RunningTerminal
                do {
                    running = try await world.startTerminal(
                        config: config, store: store, fingerprint: fingerprint, reporter: SilentReporter(),
                        logger: quiet)
                } catch {
                    await fingerprint.close()
                    await world.stop()
                    throw error
                }
                let usb = World(cloud: world.cloud, store: store, config: config, fingerprint: fingerprint)
                do {
                    try await body(usb)
                } catch {
                    await usb.stop(running, world)
                    throw error
                }
                await usb.stop(running, world)
            }

            private func stop(_ running: RunningTerminal, _ world: SimulatedWorld) async {
                await running.stop()
                await fingerprint.close()
                await world.stop()
            }
        }

        @Test("push → presses through USBHost and the CH340 → upload accepted within the minute")
        func enrollment() async throws {
            let module = SimulatedZFMModule(configuration: .init(uartImages: true))
            try await UMockdevTestbed.run(.ch340, module: module) { device in
                try await World.run(sn: "USB-E2E", member: "zhouqi", fingerprint: #"{"link": "usb"}"#) { world in
                    #expect(world.fingerprint.description.contains("CH340"))
                    let operID = try await world.cloud.pushEnrollment(
                        sn: "USB-E2E", userid: "zhouqi", pageType: .fingerprint)
                    module.run(
                        .presses(
                            SimulatedFinger("zhouqi-right-index"), press: .milliseconds(400), lift: .milliseconds(300),
                            count: 3))
                    let operation = try await world.cloud.waitForOperation(operID, timeout: .seconds(30))
                    #expect(operation.status == .accepted, "\(operation.reason ?? "")")
                    #expect((operation.elapsedMs ?? .max) < 60_000)
                    #expect(device.configuredLineCoding?.isCompatible(with: .eightNoneOne(57_600)) == true)
                    #expect(device.urbCounters.bulkOut > 0)
                }
            }
        }

        @Test(
            "fingerprint.templates iso: real FVC impressions through the CH340 → ISO record with one view per press",
            .enabled(if: FileManager.default.fileExists(atPath: Self.fvc2002.path), "needs ../shared/data/fingerprints")
        )
        func isoEnrollmentFromRealImages() async throws {
            let module = SimulatedZFMModule(configuration: .init(uartImages: true))
            try await UMockdevTestbed.run(.ch340, module: module) { _ in
                try await World.run(
                    sn: "USB-ISO", member: "qianjiu", fingerprint: #"{"link": "usb", "templates": "iso"}"#
                ) { world in
                    #expect(world.config.fingerprintAlgorithms == [AlgorithmID.isoMinutiae.rawValue])
                    let operID = try await world.cloud.pushEnrollment(
                        sn: "USB-ISO", userid: "qianjiu", pageType: .fingerprint)
                    var steps: [FingerPlacementScript.Step] = []
                    for impression in 1...4 {
                        let finger = try SimulatedFinger(
                            imageFile: Self.fvc2002.appendingPathComponent("103_\(impression).tif"))
                        steps += [.press(finger, duration: .milliseconds(600)), .lift(duration: .milliseconds(400))]
                    }
                    module.run(FingerPlacementScript(steps: steps))
                    let operation = try await world.cloud.waitForOperation(operID, timeout: .seconds(40))
                    #expect(operation.status == .accepted, "\(operation.reason ?? "")")
                    let upload = try #require(await world.cloud.uploads().last)
                    #expect(upload.users.first?.fpAlgorithm == AlgorithmID.isoMinutiae.rawValue)
                    let stored = try #require(
                        try world.store.template(userid: UserID("qianjiu"), slot: SlotID(.fingerprint, 0)!))
                    let record = try ISOMinutiaeRecord(isoData: stored.template.data)
                    #expect(record.views.count == 3)
                    #expect(record.views.allSatisfy { $0.minutiae.count >= 8 })
                    // The images crossed the USB link to the host, never the WebSocket: the upload is the record.
                    #expect(module.count(of: .upImage) >= 3)
                    #expect(upload.users.first?.slots.first?.size == stored.template.data.count)
                }
            }
        }

        static let fvc2002 = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/data/fingerprints/fvc2002_db1_b")
    }
}
