import CLibUSB
import Dispatch
import Foundation
import Logging
import Synchronization

/// Fans hotplug events out to every subscribed stream, from libusb callbacks or a polling thread.
/// It starts its source on the first subscription and stops it with the context.
final class USBHotplugHub: Sendable {
    private enum Source {
        case none
        case libusb(libusb_hotplug_callback_handle)
        case polling(USBDevicePoller)
    }

    private struct State {
        var subscribers: [UInt64: AsyncStream<USBHotplugEvent>.Continuation] = [:]
        var nextID: UInt64 = 0
        var source = Source.none
        var stopped = false
    }

    private let mode: USBHotplugMode
    private let context: USBRawContext
    private let eventThread: USBEventThread
    private let logger: Logger
    private let state = Mutex(State())

    init(mode: USBHotplugMode, context: USBRawContext, eventThread: USBEventThread, logger: Logger) {
        self.mode = mode
        self.context = context
        self.eventThread = eventThread
        self.logger = logger
    }

    func subscribe() -> AsyncStream<USBHotplugEvent> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: USBHotplugEvent.self, bufferingPolicy: .bufferingNewest(256))
        let id: UInt64? = state.withLock { state in
            guard !state.stopped else { return nil }
            state.nextID += 1
            state.subscribers[state.nextID] = continuation
            if case .none = state.source { state.source = startSource() }
            return state.nextID
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    func broadcast(_ event: USBHotplugEvent) {
        let subscribers = state.withLock { Array($0.subscribers.values) }
        for subscriber in subscribers { subscriber.yield(event) }
    }

    /// Chooses and starts the event source; called with the state locked.
    private func startSource() -> Source {
        switch mode {
        case .polling(let interval):
            return .polling(USBDevicePoller(context: context, interval: interval, hub: self))
        case .automatic:
            guard clibusb_has_hotplug() != 0 else {
                return .polling(USBDevicePoller(context: context, interval: .seconds(1), hub: self))
            }
            var handle = libusb_hotplug_callback_handle()
            let events = Int32(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED.rawValue | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT.rawValue)
            let status = libusb_hotplug_register_callback(
                context.pointer, events, 0, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
                LIBUSB_HOTPLUG_MATCH_ANY,
                { _, device, event, userData in
                    guard let device, let userData else { return 0 }
                    let hub = Unmanaged<USBHotplugHub>.fromOpaque(userData).takeUnretainedValue()
                    hub.eventThread.noteActivity()
                    guard let info = USBContext.describe(device) else { return 0 }
                    hub.broadcast(event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED ? .arrived(info) : .left(info))
                    return 0
                },
                Unmanaged.passUnretained(self).toOpaque(), &handle)
            guard status == 0 else {
                logger.warning("libusb hotplug registration failed (\(USBError(libusbCode: status))); polling instead")
                return .polling(USBDevicePoller(context: context, interval: .seconds(1), hub: self))
            }
            return .libusb(handle)
        }
    }

    /// Stops the source and finishes every stream. The hub outlives the event thread, so a callback
    /// already running still finds it.
    func stop() {
        let (source, subscribers): (Source, [AsyncStream<USBHotplugEvent>.Continuation]) = state.withLock { state in
            state.stopped = true
            defer {
                state.source = .none
                state.subscribers = [:]
            }
            return (state.source, Array(state.subscribers.values))
        }
        switch source {
        case .none: break
        case .libusb(let handle): libusb_hotplug_deregister_callback(context.pointer, handle)
        case .polling(let poller): poller.stop()
        }
        for subscriber in subscribers { subscriber.finish() }
    }
}

/// Re-enumerates on its own thread and reports the difference to the previous list.
final class USBDevicePoller: Sendable {
    private let stopRequested = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(context: USBRawContext, interval: Duration, hub: USBHotplugHub) {
        let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        let thread = Thread { [self] in
            defer { finished.signal() }
            var known = Set((try? USBContext.listDevices(context)) ?? [])
            while wake.wait(timeout: .now() + max(seconds, 0.01)) == .timedOut {
                if stopRequested.load(ordering: .acquiring) { break }
                guard let now = try? USBContext.listDevices(context) else { continue }
                let current = Set(now)
                for gone in known.subtracting(current) { hub.broadcast(.left(gone)) }
                for new in now where !known.contains(new) { hub.broadcast(.arrived(new)) }
                known = current
            }
        }
        thread.name = "USBContext.hotplugPoll"
        thread.start()
    }

    func stop() {
        guard !stopRequested.exchange(true, ordering: .acquiringAndReleasing) else { return }
        wake.signal()
        finished.wait()
    }
}
