import Biometrics
import FingerprintLinks
import FingerprintModule
import FingerprintModuleSim
import Testing
import UMockdevHarness
import USBDeviceSim
import USBHost

extension UMockdevTier2Tests {
    /// Our whole USB stack (USBHost's libusb context and async transfers, the FingerprintLinks USB links,
    /// the ZFM driver and reader) against the module simulator presented on the real libusb path.
    @Suite("the ZFM driver over USBHost on the real libusb path")
    struct DriverOverUSBTests {
        static let presentations: [USBPresentation] = [.native(.full), .native(.high), .ch340, .cp210x]

        static func expectedKind(_ presentation: USBPresentation) -> FingerprintUSBLinkKind {
            switch presentation {
            case .native: .nativeZFM
            case .ch340: .ch34x
            case .cp210x: .cp210x
            }
        }

        /// Opens the first supported device with our stack, runs `body`, and closes everything
        /// before the testbed goes away (an ioctl on a removed testbed aborts the process).
        static func withDriver(
            _ presentation: USBPresentation, module: SimulatedZFMModule,
            _ body: (AttachedUSBDevice, FingerprintUSBConnection, ZFMModule) async throws -> Void
        ) async throws {
            try await UMockdevTestbed.run(presentation, module: module) { device in
                let context = try USBContext()
                do {
                    let connection = try await FingerprintUSBDevice.open(context: context)
                    let driver = ZFMModule(
                        link: connection.link,
                        configuration: .init(
                            imageEncoding: presentation.isBridge ? .fourBitsPerPixel : .eightBitsPerPixel))
                    do {
                        try await body(device, connection, driver)
                    } catch {
                        await connection.link.close()
                        throw error
                    }
                    await connection.link.close()
                } catch {
                    await context.shutdown()
                    throw error
                }
                await context.shutdown()
            }
        }

        @Test("finds the module, opens the right link and enrolls three presses", arguments: presentations)
        func enrollment(_ presentation: USBPresentation) async throws {
            let module = SimulatedZFMModule(configuration: .init(uartImages: presentation.isBridge))
            try await Self.withDriver(presentation, module: module) { device, connection, driver in
                #expect(connection.kind == Self.expectedKind(presentation))
                let parameters = try await driver.readSysPara()
                #expect(parameters.librarySize == 300)
                if presentation.isBridge {
                    #expect(device.bridgeUARTEnabled == true)
                    #expect(device.configuredLineCoding?.isCompatible(with: .eightNoneOne(57_600)) == true)
                }
                let reader = ZFMFingerprintReader(module: driver)
                #expect(try await reader.isFingerPresent() == false)
                var samples: [FingerSample] = []
                for _ in 1...3 {
                    module.place(SimulatedFinger("usb-alice-right-index"))
                    #expect(try await reader.isFingerPresent())
                    guard case .sample(let sample) = try await reader.capture() else {
                        Issue.record("a good press gave no sample")
                        return
                    }
                    samples.append(sample)
                    module.lift()
                    #expect(try await reader.isFingerPresent() == false)
                }
                let template = try await reader.enrollTemplate(from: samples)
                #expect(template.data.count == 512)
                #expect(template.algorithm == .zfmModule)
                #expect(device.urbCounters.bulkOut > 0 && device.urbCounters.bulkIn > 0)
            }
        }

        @Test(
            "image upload: 8 bits a pixel over native USB, 4 bits through a bridge",
            arguments: [USBPresentation.native(.high), .cp210x])
        func imageUpload(_ presentation: USBPresentation) async throws {
            let module = SimulatedZFMModule(configuration: .init(uartImages: presentation.isBridge))
            try await Self.withDriver(presentation, module: module) { _, _, driver in
                module.place(SimulatedFinger("usb-bob-left-thumb"))
                let image = try await ZFMFingerprintModuleService(module: driver).captureImage()
                let original = try #require(module.capturedImagePixels())
                #expect(image.width == 256 && image.height == 288)
                if presentation.isBridge {
                    #expect(
                        zip(image.pixels, original).allSatisfy { $0 >> 4 == $1 >> 4 },
                        "4-bit quantisation of the same image")
                } else {
                    #expect(image.pixels == original)
                }
            }
        }

        @Test("unplugging the module mid-session is a device fault; after replugging it opens again")
        func unplugAndReopen() async throws {
            let module = SimulatedZFMModule()
            try await UMockdevTestbed.run(.ch340, module: module) { device in
                let context = try USBContext()
                let first = try await FingerprintUSBDevice.open(context: context)
                let reader = ZFMFingerprintReader(module: ZFMModule(link: first.link))
                #expect(try await reader.isFingerPresent() == false)
                device.unplug()
                await #expect(throws: FingerprintReaderError.self) { try await reader.isFingerPresent() }
                await first.link.close()
                try device.replug()
                let second = try await FingerprintUSBDevice.open(context: context)
                let again = ZFMFingerprintReader(module: ZFMModule(link: second.link))
                #expect(try await again.isFingerPresent() == false)
                await second.link.close()
                await context.shutdown()
            }
        }

        @Test("a module fault on the wire (corrupt checksum) is retried by the driver for idempotent commands")
        func corruptedReplyRetried() async throws {
            let module = SimulatedZFMModule()
            try await Self.withDriver(.native(.full), module: module) { device, _, driver in
                device.inject(.corruptNextChecksum)
                let parameters = try await driver.readSysPara()
                #expect(parameters.librarySize == 300)
                #expect(module.count(of: .readSysPara) == 2, "sent once, retried once")
            }
        }

        @Test("with no supported device on the bus, opening names what is there")
        func nothingToOpen() async throws {
            try await UMockdevTestbed.run(.native(.full)) { device in
                device.unplug()
                let context = try USBContext()
                await #expect(throws: FingerprintUSBError.self) {
                    _ = try await FingerprintUSBDevice.open(context: context)
                }
                await context.shutdown()
            }
        }
    }
}
