import FingerprintLinks
import FingerprintModule
import Foundation
import Testing
import USBHost

extension GadgetTier3Tests {
    /// Our libusb path (USBHost, FingerprintLinks' USB links, the ZFM driver) to the gadget through the
    /// real usbfs: URBs, short packets and, for a bridge, the kernel's driver detached and re-attached.
    @Suite("our libusb path over the real kernel")
    struct GadgetLibUSBTests {
        struct Case: Sendable, CustomStringConvertible {
            let presentation: String
            let vendor: UInt16
            let product: UInt16
            let kind: FingerprintUSBLinkKind
            /// The kernel driver bound at plug-in, nil for the native module.
            let kernelDriver: String?
            var isBridge: Bool { kernelDriver != nil }
            var description: String { presentation }
        }

        static let cases: [Case] = [
            Case(presentation: "native", vendor: 0x1209, product: 0x0001, kind: .nativeZFM, kernelDriver: nil),
            Case(presentation: "native-high", vendor: 0x1209, product: 0x0001, kind: .nativeZFM, kernelDriver: nil),
            Case(presentation: "ch340", vendor: 0x1A86, product: 0x7523, kind: .ch34x, kernelDriver: "ch341"),
            Case(presentation: "cp210x", vendor: 0x10C4, product: 0xEA60, kind: .cp210x, kernelDriver: "cp210x"),
        ]

        @Test("ReadSysPara round trips, a capture and an image upload", arguments: cases)
        func roundTripAndImage(_ testCase: Case) async throws {
            try await GadgetProcess.with(testCase.presentation) { gadget in
                let context = try USBContext()
                do {
                    try await Self.exercise(testCase, gadget: gadget, context: context)
                } catch {
                    await context.shutdown()
                    throw error
                }
                await context.shutdown()
            }
        }

        static func exercise(_ testCase: Case, gadget: GadgetProcess, context: USBContext) async throws {
            _ = try await GadgetKernelUSB.waitForDevice(context, vendor: testCase.vendor, product: testCase.product)
            if let driver = testCase.kernelDriver {
                try await GadgetKernelUSB.waitUntil("\(driver) bound at plug-in") {
                    GadgetKernelUSB.interfaceDriver(vendor: testCase.vendor, product: testCase.product) == driver
                }
            }
            let connection = try await FingerprintUSBDevice.open(context: context)
            #expect(connection.kind == testCase.kind)
            #expect(GadgetKernelUSB.interfaceDriver(vendor: testCase.vendor, product: testCase.product) == "usbfs")
            let driver = ZFMModule(
                link: connection.link,
                configuration: .init(imageEncoding: testCase.isBridge ? .fourBitsPerPixel : .eightBitsPerPixel))
            do {
                var roundTrips = GadgetTimings()
                for _ in 0..<20 {
                    let parameters = try await roundTrips.measure { try await driver.readSysPara() }
                    #expect(parameters.librarySize == 300)
                }
                #expect(try await driver.genImg() == false, "no finger on the sensor yet")
                try gadget.send("place alice-right-index")
                try await gadget.waitForOutput("finger placed", timeout: .seconds(5))
                #expect(try await driver.genImg())
                var upload = GadgetTimings()
                let image = try await upload.measure { try await driver.upImage() }
                #expect(image.pixels.count == ZFMImage.pixelCount)
                #expect(Set(image.pixels).count > 1, "a drawn finger, not a blank image")
                print("tier 3 \(testCase) over libusb: ReadSysPara \(roundTrips.summary); UpImage \(upload.summary)")
            } catch {
                await connection.link.close()
                throw error
            }
            await connection.link.close()
            if let kernelDriver = testCase.kernelDriver {
                try await GadgetKernelUSB.waitUntil("\(kernelDriver) re-attached after our release") {
                    GadgetKernelUSB.interfaceDriver(vendor: testCase.vendor, product: testCase.product) == kernelDriver
                }
            }
        }
    }
}
