import FingerprintLinks
import FingerprintModule
import Foundation
import Testing
import USBHost

extension GadgetTier3Tests {
    /// The gadget program itself: it leaves nothing behind in configfs, and survives a host that
    /// sends control requests it does not know.
    @Suite("module-gadget's own lifecycle")
    struct GadgetLifecycleTests {
        @Test("SIGTERM unbinds and removes the configfs gadget; the kernel saw the ch341 vendor requests")
        func cleanExit() async throws {
            let gadget = try await GadgetProcess.start("ch340", extraArguments: ["--verbose"])
            _ = try await GadgetKernelUSB.waitForSerialTTY(driver: "ch341-uart")
            #expect(FileManager.default.fileExists(atPath: "/sys/kernel/config/usb_gadget/zfm"))
            let (status, output) = try await gadget.stop()
            #expect(status == 0, "\(output)")
            #expect(!FileManager.default.fileExists(atPath: "/sys/kernel/config/usb_gadget/zfm"))
            // ch341's probe: read the version (0x5F), init (0xA1), baud and LCR register writes (0x9A).
            #expect(output.contains("c0 5f"), "\(output)")
            #expect(output.contains("40 a1"), "\(output)")
            #expect(output.contains("40 9a value=1312"), "\(output)")
        }

        @Test("requests the module does not know stall, with or without data, and the module still answers")
        func unknownControlRequests() async throws {
            try await GadgetProcess.with("cp210x") { gadget in
                let context = try USBContext()
                do {
                    let device = try await GadgetKernelUSB.waitForDevice(context, vendor: 0x10C4, product: 0xEA60)
                    let handle = try await context.open(device)
                    let unknown = [
                        USBControlRequest(requestType: 0xC1, request: 0x7E, value: 1, index: 0, readLength: 64),
                        USBControlRequest(requestType: 0x41, request: 0x7E, value: 1, index: 0),
                        USBControlRequest(requestType: 0x41, request: 0x7E, value: 1, index: 0, data: [1, 2, 3]),
                        USBControlRequest(requestType: 0xC0, request: 0x5F, value: 0, index: 0, readLength: 2),
                        USBControlRequest(requestType: 0xA1, request: 0x21, value: 0, index: 0, readLength: 7),
                    ]
                    for request in unknown {
                        await #expect(throws: USBError.stall, "\(request)") {
                            try await handle.control(request, timeout: .seconds(1))
                        }
                    }
                    let part = try await handle.control(
                        USBControlRequest(requestType: 0xC1, request: 0xFF, value: 0x370B, index: 0, readLength: 1),
                        timeout: .seconds(1))
                    #expect(part == [0x02], "CP2102's part number")
                    let link = try await USBSerialBridgeLink.open(transport: handle, bridge: CP210xBridge())
                    let driver = ZFMModule(link: link)
                    #expect(try await driver.readSysPara().librarySize == 300)
                    await link.close()
                } catch {
                    await context.shutdown()
                    throw error
                }
                await context.shutdown()
                #expect(gadget.output.contains("serving"))
            }
        }
    }
}
