import Foundation
import Testing

@testable import FingerprintUSB
@testable import USBHost

/// Tests that create libusb contexts run one at a time, so the event-thread count is theirs alone.
@Suite("USBContext", .serialized)
struct USBContextTests {
    private func runningThreads() -> Int { USBEventThread.running.load(ordering: .sequentiallyConsistent) }

    @Test("the event thread starts with the context and stops promptly at shutdown")
    func startAndStop() async throws {
        let before = runningThreads()
        let context = try USBContext(eventIdleWaitSeconds: 120)
        #expect(runningThreads() == before + 1)
        let started = ContinuousClock.now
        await context.shutdown()
        // The idle wait is 120 s; stopping long before it proves libusb_interrupt_event_handler woke the
        // loop (the margin is wide so that a loaded machine cannot fail it).
        #expect(ContinuousClock.now - started < .seconds(60))
        #expect(runningThreads() == before)
        await context.shutdown()
        #expect(throws: USBError.closed) { try context.devices() }
    }

    @Test("repeated create and destroy leaves no event thread behind")
    func noThreadLeak() throws {
        let before = runningThreads()
        for _ in 0..<20 {
            var context: USBContext? = try USBContext()
            #expect(runningThreads() == before + 1)
            _ = context
            context = nil
        }
        #expect(runningThreads() == before)
    }

    @Test("listing devices on this machine gives a list or a typed error, never a crash")
    func listing() async throws {
        let context = try USBContext()
        do {
            let devices = try context.devices()
            for device in devices { #expect(device.bus > 0 || device.address > 0 || device.portPath.isEmpty) }
        } catch {
            #expect(error != .closed)
        }
        await context.shutdown()
    }

    @Test("opening a device that is not on the bus fails with noDevice")
    func openMissingDevice() async throws {
        let context = try USBContext()
        let ghost = USBDeviceInfo(
            bus: 250, address: 250, portPath: [], id: USBDeviceID(vendor: 0x1209, product: 0x0001), deviceClass: 0xFF)
        await #expect(throws: USBError.noDevice) { try await context.open(ghost) }
        await context.shutdown()
        await #expect(throws: USBError.closed) { try await context.open(ghost) }
    }

    @Test(
        "hotplug streams finish at shutdown", arguments: [USBHotplugMode.automatic, .polling(every: .milliseconds(20))])
    func hotplugStreamFinishes(mode: USBHotplugMode) async throws {
        let context = try USBContext(hotplugMode: mode)
        let events = context.events
        let collector = Task { () -> [USBHotplugEvent] in
            var seen: [USBHotplugEvent] = []
            for await event in events { seen.append(event) }
            return seen
        }
        try await Task.sleep(for: .milliseconds(60))
        await context.shutdown()
        // No device changes here, so nothing is reported, and the stream ends instead of hanging.
        #expect(await collector.value.isEmpty)
        var late = context.events.makeAsyncIterator()
        #expect(await late.next() == nil)
    }

    @Test("finding a module with no matching device names what is present")
    func noMatchingModule() async throws {
        let context = try USBContext()
        do {
            _ = try await FingerprintUSBDevice.open(context: context)
            Issue.record("no module is attached on this machine")
        } catch {
            switch error {
            case .noMatchingDevice(let present): #expect(USBDeviceTable().matching(present).isEmpty)
            case .usb(let cause, _): #expect(cause != .closed)
            case .bridge: Issue.record("unexpected \(error)")
            }
        }
        await context.shutdown()
    }

    @Test("descriptions and preference order")
    func descriptionsAndPreference() {
        let native = USBDeviceInfo(
            bus: 1, address: 2, portPath: [1], id: USBDeviceID(vendor: 0x1209, product: 0x0001), deviceClass: 0xFF)
        let bridge = USBDeviceInfo(
            bus: 1, address: 3, portPath: [2], id: USBDeviceID(vendor: 0x1a86, product: 0x7523), deviceClass: 0xFF)
        #expect(FingerprintUSBDevice.describe(bridge, kind: .ch34x) == "ZFM module behind CH340 at bus 1 address 3")
        #expect(FingerprintUSBDevice.describe(native, kind: .nativeZFM) == "native ZFM module at bus 1 address 2")
        let matches = USBDeviceTable().matching([native, bridge])
        #expect(
            FingerprintUSBDevice.orderedCandidates(matches, preferring: .ch34x).map(\.kind) == [.ch34x, .nativeZFM])
        #expect(FingerprintUSBDevice.orderedCandidates(matches, preferring: nil).map(\.kind) == [.nativeZFM, .ch34x])
    }
}
