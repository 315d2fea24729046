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
        @Test(
            "LEFT then ARRIVED; the open link fails on unplug; a new one works after replug",
            arguments: [
                ("native", USBDeviceID(vendor: 0x1209, product: 0x0001)),
                ("ch340", USBDeviceID(vendor: 0x1A86, product: 0x7523)),
            ])
        func unplugReplug(_ presentation: String, _ id: USBDeviceID) async throws {
            try await GadgetProcess.with(presentation) { gadget in
                let context = try USBContext()
                do {
                    try await Self.exercise(presentation, id: id, gadget: gadget, context: context)
                } catch {
                    await context.shutdown()
                    throw error
                }
                await context.shutdown()
            }
        }

        static func exercise(_ presentation: String, id: USBDeviceID, gadget: GadgetProcess, context: USBContext)
            async throws
        {
            let encoding: ZFMImageEncoding = presentation == "native" ? .eightBitsPerPixel : .fourBitsPerPixel
            _ = try await GadgetKernelUSB.waitForDevice(context, vendor: id.vendor, product: id.product)
            #expect(USBContext.hasHotplugSupport, "libusb with udev in the VM")
            let events = context.events
            let connection = try await FingerprintUSBDevice.open(context: context)
            let driver = ZFMModule(link: connection.link, configuration: .init(imageEncoding: encoding))
            _ = try await driver.readSysPara()
            // udev announces a removal only after it has finished the device's plug-in (the first CH340 loads
            // ch341 then); unplugging before that measures udev's queue, not hotplug.
            try await GadgetKernelUSB.waitForUdevQueueToEmpty()

            let unplugged = ContinuousClock.now
            try gadget.send("unplug")
            // An ARRIVED of the first plug-in may still be on its way: wait for the LEFT itself.
            let left = try await Self.next(in: events, matching: id, arrived: false)
            let leftAfter = ContinuousClock.now - unplugged
            await #expect(throws: (any Error).self) { try await driver.readSysPara() }
            await connection.link.close()

            let replugged = ContinuousClock.now
            try gadget.send("replug")
            let arrived = try await Self.next(in: events, matching: id, arrived: true)
            #expect(arrived.device.address != left.device.address, "a new address after the replug")
            let arrivedAfter = ContinuousClock.now - replugged
            let again = try await FingerprintUSBDevice.open(context: context)
            let driverAgain = ZFMModule(link: again.link, configuration: .init(imageEncoding: encoding))
            do {
                #expect(try await driverAgain.readSysPara().librarySize == 300)
            } catch {
                await again.link.close()
                throw error
            }
            await again.link.close()
            print(
                "tier 3 hotplug \(presentation): LEFT \(leftAfter) after unplug, ARRIVED \(arrivedAfter) after replug")
        }

        /// The next ARRIVED (or LEFT) event for `id`, at most 15 s away. A timeout names what did come
        /// meanwhile and what the kernel and udev show, so a failure in CI says where the event was lost.
        static func next(in events: AsyncStream<USBHotplugEvent>, matching id: USBDeviceID, arrived: Bool)
            async throws -> USBHotplugEvent
        {
            enum Outcome {
                case found(USBHotplugEvent)
                /// The stream ended or the wait was cancelled: the events seen meanwhile.
                case notFound([USBHotplugEvent])
                case timedOut
            }
            let outcome = try await withThrowingTaskGroup(of: Outcome.self) { group in
                group.addTask {
                    var seen: [USBHotplugEvent] = []
                    for await event in events {
                        guard event.device.id == id else {
                            seen.append(event)
                            continue
                        }
                        if case .arrived = event, arrived { return .found(event) }
                        if case .left = event, !arrived { return .found(event) }
                        seen.append(event)
                    }
                    return .notFound(seen)
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(15))
                    return .timedOut
                }
                let first = try await group.next() ?? .timedOut
                group.cancelAll()
                guard case .timedOut = first else { return first }
                return try await group.next() ?? first
            }
            if case .found(let event) = outcome { return event }
            let seen = if case .notFound(let seen) = outcome { "\(seen)" } else { "unknown" }
            throw GadgetTestError(
                "no \(arrived ? "ARRIVED" : "LEFT") for \(id) within 15 s; events meanwhile: \(seen); "
                    + "in sysfs: \(GadgetKernelUSB.sysfsName(of: id) ?? "no"); "
                    + "udev queue busy: \(GadgetKernelUSB.udevQueueBusy)")
        }
    }
}
