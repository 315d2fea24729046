import Foundation
import Testing

@testable import USBHost

/// Tests that create libusb contexts run one at a time, so the event-thread count is theirs alone.
@Suite("USBContext", .serialized)
struct USBContextTests {
    private func runningThreads() -> Int { USBEventThread.running.load(ordering: .sequentiallyConsistent) }

    @Test(
        "the event thread starts with the context and stops at shutdown without waiting out its idle wait",
        .timeLimit(.minutes(5)))
    func startAndStop() async throws {
        let before = runningThreads()
        // The idle wait is an hour: only libusb_interrupt_event_handler waking the loop lets shutdown return
        // within the test's time limit (no wall-clock assertion: a loaded machine cannot fail it).
        let context = try USBContext(eventIdleWaitSeconds: 3600)
        #expect(runningThreads() == before + 1)
        await context.shutdown()
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
}
