import CLibUSB
import Foundation
import Synchronization
import SystemSupport

/// The dedicated thread that runs libusb's event loop for one context, off the cooperative pool.
final class USBEventThread: Sendable {
    /// Event threads currently running in this process (tests check that none leak).
    static let running = Atomic<Int>(0)

    private let context: USBRawContext
    private let stopRequested = Atomic<Bool>(false)
    /// Counts transfer and hotplug callbacks, so an iteration that returned at once with no work
    /// is recognised and throttled (usbfs nodes that are regular files, as under umockdev, always poll ready).
    let activity = Atomic<UInt64>(0)
    private let finished = DispatchSemaphore(value: 0)
    /// How long one libusb wait lasts when nothing happens; shutdown does not depend on it.
    private let idleWaitSeconds: Int

    init(context: USBRawContext, idleWaitSeconds: Int = 2) {
        self.context = context
        self.idleWaitSeconds = max(1, idleWaitSeconds)
        USBEventThread.running.add(1, ordering: .sequentiallyConsistent)
        let heartbeat = ThreadHeartbeats.register("USBContext.events")
        let thread = Thread { [self] in run(heartbeat: heartbeat) }
        thread.name = "USBContext.events"
        thread.start()
    }

    private func run(heartbeat: ThreadHeartbeat) {
        defer {
            heartbeat.end()
            USBEventThread.running.subtract(1, ordering: .sequentiallyConsistent)
            finished.signal()
        }
        while !stopRequested.load(ordering: .acquiring) {
            heartbeat.beat()
            // Long idle wait: shutdown does not depend on it, it wakes the loop with libusb_interrupt_event_handler.
            var wait = timeval(tv_sec: idleWaitSeconds, tv_usec: 0)
            let before = activity.load(ordering: .relaxed)
            let started = DispatchTime.now().uptimeNanoseconds
            let status = libusb_handle_events_timeout_completed(context.pointer, &wait, nil)
            if stopRequested.load(ordering: .acquiring) { break }
            let elapsed = DispatchTime.now().uptimeNanoseconds - started
            if status < 0 && status != LIBUSB_ERROR_INTERRUPTED.rawValue {
                usleep(10_000)
            } else if elapsed < 1_000_000 && activity.load(ordering: .relaxed) == before {
                usleep(2_000)
            }
        }
    }

    /// Records that a callback ran on this thread.
    func noteActivity() {
        activity.add(1, ordering: .relaxed)
    }

    /// Asks the loop to end, wakes it out of libusb, and waits until it has ended.
    func stop() {
        guard !stopRequested.exchange(true, ordering: .acquiringAndReleasing) else { return }
        libusb_interrupt_event_handler(context.pointer)
        finished.wait()
    }
}

/// A `libusb_context *`.
/// Sendable: libusb documents a context as safe to use from any thread; the pointer itself never changes,
/// and `USBContext` calls `libusb_exit` only after every user of it has stopped.
struct USBRawContext: @unchecked Sendable {
    let pointer: OpaquePointer
}
