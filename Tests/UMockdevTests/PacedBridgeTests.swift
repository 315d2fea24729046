import FingerprintLinks
import FingerprintModule
import FingerprintModuleSim
import Testing
import UMockdevHarness
import USBDeviceSim
import USBHost

extension UMockdevTier2Tests {
    /// The module behind a USB-UART bridge with wire pacing on: reply bytes reach bulk IN no faster than
    /// the bridge's UART receives them (the same `WirePacer` rule as the pseudo-terminal).
    @Suite("a paced bridge: bulk IN no faster than the UART's baud")
    struct PacedBridgeTests {
        @Test(
            "an UpChar behind a bridge at 9,600 baud takes at least the wire time",
            arguments: [USBPresentation.ch340, .cp210x])
        func pacedUpChar(_ presentation: USBPresentation) async throws {
            for pacing in [WirePacing.realTime, .off] {
                let module = SimulatedZFMModule(
                    configuration: .init(baudMultiplier: 1, uartImages: true, wirePacing: pacing))
                try await UMockdevTestbed.run(presentation, module: module) { device in
                    let context = try USBContext()
                    let connection = try await FingerprintUSBDevice.open(context: context, baud: 9600)
                    let driver = ZFMModule(
                        link: connection.link, configuration: .init(imageEncoding: .fourBitsPerPixel))
                    // The CH340's divisor gives 9,615 baud: within the 2 % a UART tolerates.
                    #expect(device.configuredLineCoding?.isCompatible(with: .eightNoneOne(9600)) == true)
                    module.place(SimulatedFinger("dave-left-index"))
                    #expect(try await driver.genImg())
                    try await driver.img2Tz(.one)
                    let started = ContinuousClock.now
                    let charFile = try await driver.upChar(.one)
                    let elapsed = ContinuousClock.now - started
                    await connection.link.close()
                    await context.shutdown()
                    let bytes = 12 + 12 + charFile.count + 11 * (charFile.count / 128)
                    let wire = WirePacer.duration(ofBytes: bytes, as: .eightNoneOne(9600))
                    print(
                        "UpChar behind \(presentation) at 9,600, pacing \(pacing.isOn ? "on" : "off"): \(elapsed), wire \(wire)"
                    )
                    // Unpaced, only the figure is printed: under umockdev every URB crosses a socket.
                    if pacing.isOn {
                        // A lower bound only: a loaded machine may always take longer.
                        #expect(elapsed >= wire - .milliseconds(5), "\(elapsed) < wire \(wire)")
                    }
                }
            }
        }
    }
}
