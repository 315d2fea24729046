import FingerprintLinks
import FingerprintModule
import Foundation
import Testing

extension GadgetTier3Tests {
    /// Our TTY path over the kernel's own USB-serial drivers: ch341 or cp210x binds the gadget, makes
    /// /dev/ttyUSBn, and programs the bridge with its vendor requests when our termios (57600 8N1 raw)
    /// is applied; the module answers only if the chip ended up at the module's baud rate.
    @Suite("our TTY path over the kernel's ch341 and cp210x")
    struct GadgetSerialTTYTests {
        @Test("ReadSysPara, a capture and a 4-bit image upload over /dev/ttyUSBn", arguments: ["ch340", "cp210x"])
        func overTTY(_ presentation: String) async throws {
            let serialDriver = presentation == "ch340" ? "ch341-uart" : "cp210x"
            try await GadgetProcess.with(presentation) { gadget in
                let path = try await GadgetKernelUSB.waitForSerialTTY(driver: serialDriver)
                let link = try await TTYLink.open(path: path, baud: 57_600)
                let driver = ZFMModule(link: link, configuration: .init(imageEncoding: .fourBitsPerPixel))
                do {
                    var roundTrips = GadgetTimings()
                    for _ in 0..<10 {
                        let parameters = try await roundTrips.measure { try await driver.readSysPara() }
                        #expect(parameters.librarySize == 300)
                    }
                    try gadget.send("place bob-left-thumb")
                    try await gadget.waitForOutput("finger placed", timeout: .seconds(5))
                    #expect(try await driver.genImg())
                    var upload = GadgetTimings()
                    let image = try await upload.measure { try await driver.upImage() }
                    #expect(image.pixels.count == ZFMImage.pixelCount)
                    #expect(Set(image.pixels).count > 1)
                    print(
                        "tier 3 \(presentation) over \(path): ReadSysPara \(roundTrips.summary); UpImage \(upload.summary)"
                    )
                } catch {
                    await link.close()
                    throw error
                }
                await link.close()
            }
        }

        @Test("at the wrong baud rate the kernel driver programs the chip so the module never answers")
        func wrongBaud() async throws {
            try await GadgetProcess.with("ch340") { gadget in
                let path = try await GadgetKernelUSB.waitForSerialTTY(driver: "ch341-uart")
                let link = try await TTYLink.open(path: path, baud: 9600)
                let driver = ZFMModule(
                    link: link,
                    configuration: .init(commandTimeout: .milliseconds(500), imageEncoding: .fourBitsPerPixel))
                await #expect(throws: (any Error).self) { try await driver.readSysPara() }
                await link.close()
            }
        }
    }
}
