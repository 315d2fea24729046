import Biometrics
import DeviceSetup
import FingerprintModuleSim
import Testing
import UMockdevHarness
import USBDeviceSim

extension UMockdevTier2Tests {
    /// The daemon's recovering fingerprint device on the real libusb path: hotplug tells it the module
    /// left and came back, before any enrollment asks.
    @Suite("a replugged USB fingerprint module is reopened through hotplug")
    struct FingerprintRecoveryOverUSBTests {
        /// Reopens only on calls and hotplug, never on a timer.
        static let noTimer: FingerprintRecoverySettings = {
            var settings = FingerprintRecoverySettings.default
            settings.retryInterval = .seconds(86_400)
            return settings
        }()

        @Test(
            "unplug → absent by hotplug, calls fail; replug → present by hotplug, the same reader works",
            arguments: [USBPresentation.ch340, .cp210x, .native(.full)])
        func replug(_ presentation: USBPresentation) async throws {
            try await UMockdevTestbed.run(presentation, module: SimulatedZFMModule()) { device in
                let config = try FingerprintToolSettings.resolve(base: nil, link: "usb", baud: nil)
                let fingerprint = try #require(try await FingerprintDevice.recovering(config, settings: Self.noTimer))
                let presence = try #require(fingerprint.presence)
                let changes = PresenceChanges(presence)
                let reader = fingerprint.reader
                #expect(presence.current.present)
                #expect(try await reader.isFingerPresent() == false)

                device.unplug()
                let gone = await changes.next { !$0.present }
                #expect(gone?.lastError?.contains("left the USB bus") == true, "noticed by hotplug, not by a call")
                await #expect(throws: FingerprintReaderError.self) { _ = try await reader.isFingerPresent() }

                try device.replug()
                let back = await changes.next { $0.present }
                #expect(back?.detail?.contains("address \(device.deviceAddress)") == true)
                #expect(try await reader.isFingerPresent() == false)
                device.module.place(SimulatedFinger("replugged"))
                #expect(try await reader.isFingerPresent())
                await fingerprint.close()
            }
        }

        @Test("absent when the daemon starts: plugging the module in opens it", .timeLimit(.minutes(5)))
        func pluggedInLater() async throws {
            try await UMockdevTestbed.run(.ch340, module: SimulatedZFMModule()) { device in
                device.unplug()
                let config = try FingerprintToolSettings.resolve(base: nil, link: "usb", baud: nil)
                let fingerprint = try #require(try await FingerprintDevice.recovering(config, settings: Self.noTimer))
                let presence = try #require(fingerprint.presence)
                let changes = PresenceChanges(presence)
                #expect(!presence.current.present)
                try device.replug()
                _ = await changes.next { $0.present }
                #expect(try await fingerprint.reader.isFingerPresent() == false)
                await fingerprint.close()
            }
        }
    }
}

/// A tracker's presence reports as a stream, so a test waits for the next one that matters.
private struct PresenceChanges {
    private let stream: AsyncStream<DevicePresence>

    init(_ tracker: DevicePresenceTracker) {
        let (stream, continuation) = AsyncStream.makeStream(of: DevicePresence.self)
        tracker.observe { continuation.yield($0) }
        self.stream = stream
    }

    /// The next report (the one now included) that satisfies `condition`.
    func next(_ condition: (DevicePresence) -> Bool) async -> DevicePresence? {
        for await presence in stream where condition(presence) { return presence }
        return nil
    }
}
