import FingerprintModule
import FingerprintModuleSim
import Testing
import UMockdevHarness
import USBDeviceSim

extension UMockdevTier2Tests {
    /// Every fault kind, injected on the real libusb path, as the driver sees it.
    @Suite("driver-level faults over USB")
    struct DriverFaultsOverUSBTests {
        typealias Driver = DriverOverUSBTests

        @Test(
            "a NAK (confirmation code) comes back as a typed rejection",
            arguments: [USBPresentation.native(.full), .ch340])
        func nak(_ presentation: USBPresentation) async throws {
            try await Driver.withDriver(presentation, module: SimulatedZFMModule()) { device, _, driver in
                device.inject(.nak(.genImg, .captureFailed))
                await #expect(throws: ZFMError.rejected(.genImg, .captureFailed)) { _ = try await driver.genImg() }
            }
        }

        @Test("a truncated reply and a dropped reply are retried once for idempotent commands")
        func truncatedAndDropped() async throws {
            let module = SimulatedZFMModule()
            try await Driver.withDriver(.cp210x, module: module) { device, _, driver in
                device.inject(.truncateNextReply)
                let parameters = try await driver.readSysPara()
                #expect(parameters.librarySize == 300)
                #expect(module.count(of: .readSysPara) == 2)
                device.inject(.dropNextReply)
                let count = try await driver.templateCount()
                #expect(count == 0)
                #expect(module.count(of: .templateNum) == 2)
            }
        }

        @Test("garbage before a reply is skipped without a retry")
        func garbage() async throws {
            let module = SimulatedZFMModule()
            try await Driver.withDriver(.ch340, module: module) { device, _, driver in
                device.inject(.prependGarbage([0x00, 0xEF, 0x13, 0x37, 0xEF]))
                let parameters = try await driver.readSysPara()
                #expect(parameters.librarySize == 300)
                #expect(module.count(of: .readSysPara) == 1)
            }
        }

        @Test("a stalled bulk IN endpoint is cleared and the read goes on")
        func stall() async throws {
            try await Driver.withDriver(.native(.full), module: SimulatedZFMModule()) { device, _, driver in
                device.stallNext(endpoint: 0x81)
                let parameters = try await driver.readSysPara()
                #expect(parameters.librarySize == 300)
                #expect(device.urbCounters.stalled >= 1)
            }
        }

        @Test("an IN transfer that times out is re-submitted and the queued reply still arrives")
        func parkedReadTimeout() async throws {
            try await Driver.withDriver(.native(.full), module: SimulatedZFMModule()) { device, _, driver in
                device.timeoutNext()
                let count = try await driver.templateCount()
                #expect(count == 0)
            }
        }

        @Test("a module that stops answering is a timeout after one retry, never a hang")
        func stopsAnswering() async throws {
            let module = SimulatedZFMModule()
            try await Driver.withDriver(.cp210x, module: module) { device, _, driver in
                device.inject(.stopAnswering)
                await #expect(throws: ZFMError.self) { _ = try await driver.templateCount() }
                #expect(module.count(of: .templateNum) <= 2)
                device.clearFaults()
                let count = try await driver.templateCount()
                #expect(count == 0)
            }
        }
    }
}
