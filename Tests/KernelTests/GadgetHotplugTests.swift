import FingerprintLinks
import FingerprintModule
import Foundation
import Testing
import USBHost

extension GadgetTier3Tests {
    /// Unplug and replug (the gadget unbound from and bound to the UDC) seen through the real kernel,
    /// udev and libusb's hotplug; the replugged module answers again.
    @Suite("unplug and replug through udev and libusb hotplug")
    struct GadgetHotplugTests {
        @Test("LEFT then ARRIVED for 1209:0001; the open link fails on unplug; a new one works after replug")
        func unplugReplug() async throws {
            try await GadgetProcess.with("native") { gadget in
                let context = try USBContext()
                do {
                    try await Self.exercise(gadget: gadget, context: context)
                } catch {
                    await context.shutdown()
                    throw error
                }
                await context.shutdown()
            }
        }

        static func exercise(gadget: GadgetProcess, context: USBContext) async throws {
            let id = USBDeviceID(vendor: 0x1209, product: 0x0001)
            _ = try await GadgetKernelUSB.waitForDevice(context, vendor: id.vendor, product: id.product)
            #expect(USBContext.hasHotplugSupport, "libusb with udev in the VM")
            let events = context.events
            let connection = try await FingerprintUSBDevice.open(context: context)
            let driver = ZFMModule(link: connection.link)
            _ = try await driver.readSysPara()

            let unplugged = ContinuousClock.now
            try gadget.send("unplug")
            let left = try await Self.next(in: events, matching: id)
            #expect(left == .left(left.device))
            let leftAfter = ContinuousClock.now - unplugged
            await #expect(throws: (any Error).self) { try await driver.readSysPara() }
            await connection.link.close()

            let replugged = ContinuousClock.now
            try gadget.send("replug")
            let arrived = try await Self.next(in: events, matching: id)
            #expect(arrived == .arrived(arrived.device))
            let arrivedAfter = ContinuousClock.now - replugged
            let again = try await FingerprintUSBDevice.open(context: context)
            let driverAgain = ZFMModule(link: again.link)
            do {
                #expect(try await driverAgain.readSysPara().librarySize == 300)
            } catch {
                await again.link.close()
                throw error
            }
            await again.link.close()
            print("tier 3 hotplug: LEFT \(leftAfter) after unplug, ARRIVED \(arrivedAfter) after replug")
        }

        /// The next hotplug event for `id`, at most 15 s away.
        static func next(in events: AsyncStream<USBHotplugEvent>, matching id: USBDeviceID) async throws
            -> USBHotplugEvent
        {
            try await withThrowingTaskGroup(of: USBHotplugEvent?.self) { group in
                group.addTask {
                    for await event in events where event.device.id == id { return event }
                    return nil
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(15))
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                guard let first else { throw GadgetTestError("no hotplug event for \(id) within 15 s") }
                return first
            }
        }
    }
}
