import CLibUSB
import Logging
import Synchronization
import SystemSupport

/// Owns one libusb context and the dedicated thread that handles its events.
///
/// Call `shutdown()` when done (it closes handles still open); `deinit` does the same synchronously.
/// Handles keep their context alive, so `libusb_exit` runs only after the last handle is gone.
public final class USBContext: Sendable {
    private struct State {
        var isShutDown = false
        var openHandles: [ObjectIdentifier: WeakHandle] = [:]
    }

    private struct WeakHandle {
        weak var handle: USBDeviceHandle?
    }

    let raw: USBRawContext
    let eventThread: USBEventThread
    /// Runs libusb's blocking calls (open, claim, clear halt, release) off the cooperative pool.
    let blockingWorker = OffPoolWorker(label: "USBContext.blocking", concurrent: true)
    let hotplug: USBHotplugHub
    let logger: Logger
    private let state = Mutex(State())

    /// Initialises libusb and starts the event thread; `hotplugMode` decides how `events` learns of changes.
    public convenience init(hotplugMode: USBHotplugMode = .automatic, logger: Logger = Logger(label: "USBHost"))
        throws(USBError)
    {
        try self.init(hotplugMode: hotplugMode, logger: logger, eventIdleWaitSeconds: 2)
    }

    /// As above, with the event loop's idle wait given (tests make it long to show shutdown does not wait for it).
    init(
        hotplugMode: USBHotplugMode = .automatic, logger: Logger = Logger(label: "USBHost"), eventIdleWaitSeconds: Int
    ) throws(USBError) {
        var pointer: OpaquePointer?
        try USBError.check(libusb_init(&pointer))
        guard let pointer else { throw .noMemory }
        raw = USBRawContext(pointer: pointer)
        self.logger = logger
        eventThread = USBEventThread(context: raw, idleWaitSeconds: eventIdleWaitSeconds)
        hotplug = USBHotplugHub(mode: hotplugMode, context: raw, eventThread: eventThread, logger: logger)
    }

    /// Whether libusb on this system reports hotplug support (otherwise `events` re-enumerates periodically).
    public static var hasHotplugSupport: Bool { clibusb_has_hotplug() != 0 }

    /// Arrival and departure of devices after the stream was created; each access makes a new stream.
    public var events: AsyncStream<USBHotplugEvent> { hotplug.subscribe() }

    /// The devices on the system now; throws the mapped libusb error when the bus cannot be listed.
    public func devices() throws(USBError) -> [USBDeviceInfo] {
        guard !state.withLock({ $0.isShutDown }) else { throw .closed }
        return try Self.listDevices(raw)
    }

    static func listDevices(_ raw: USBRawContext) throws(USBError) -> [USBDeviceInfo] {
        try withDeviceList(raw) { devices in devices.compactMap(describe) }
    }

    /// Calls `body` with the current libusb device list, freeing it afterwards.
    static func withDeviceList<T>(
        _ raw: USBRawContext, _ body: ([OpaquePointer]) throws(USBError) -> T
    ) throws(USBError) -> T {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(raw.pointer, &list)
        guard count >= 0 else { throw USBError(libusbCode: Int32(clamping: count)) }
        defer { libusb_free_device_list(list, 1) }
        guard let list else { return try body([]) }
        let devices = UnsafeBufferPointer(start: list, count: count).compactMap { $0 }
        return try body(devices)
    }

    /// Reads a `libusb_device`'s bus position and descriptor.
    static func describe(_ device: OpaquePointer) -> USBDeviceInfo? {
        var descriptor = libusb_device_descriptor()
        guard libusb_get_device_descriptor(device, &descriptor) == 0 else { return nil }
        var ports = [UInt8](repeating: 0, count: 8)
        let portCount = ports.withUnsafeMutableBufferPointer {
            libusb_get_port_numbers(device, $0.baseAddress, Int32($0.count))
        }
        return USBDeviceInfo(
            bus: libusb_get_bus_number(device), address: libusb_get_device_address(device),
            portPath: portCount > 0 ? Array(ports.prefix(Int(portCount))) : [],
            id: USBDeviceID(vendor: descriptor.idVendor, product: descriptor.idProduct),
            deviceClass: descriptor.bDeviceClass)
    }

    /// Opens `info`, selects `configuration` if another is active, detaches the kernel driver and claims
    /// `interface`. Every failure after the open releases what was acquired.
    public func open(
        _ info: USBDeviceInfo, interface: UInt8 = 0, configuration: Int32 = 1
    ) async throws(USBError) -> USBDeviceHandle {
        guard !state.withLock({ $0.isShutDown }) else { throw .closed }
        let raw = self.raw
        let opened = try await runBlocking { () throws(USBError) -> USBClaimedDevice in
            try USBClaimedDevice.open(info, in: raw, interface: interface, configuration: configuration)
        }
        let handle = USBDeviceHandle(context: self, info: info, claimed: opened)
        let accepted = state.withLock { state in
            guard !state.isShutDown else { return false }
            state.openHandles[ObjectIdentifier(handle)] = WeakHandle(handle: handle)
            return true
        }
        guard accepted else {
            await handle.close()
            throw .closed
        }
        logger.debug("opened \(info) interface \(interface)")
        return handle
    }

    func forget(_ handle: USBDeviceHandle) {
        _ = state.withLock { $0.openHandles.removeValue(forKey: ObjectIdentifier(handle)) }
    }

    /// Runs a blocking libusb call on the blocking queue and returns its result.
    @discardableResult
    func runBlocking<T: Sendable>(_ body: @escaping @Sendable () throws(USBError) -> T) async throws(USBError) -> T {
        try await blockingWorker.run(body)
    }

    /// Runs a blocking call that cannot fail on the blocking queue.
    func runBlocking(_ body: @escaping @Sendable () -> Void) async {
        await blockingWorker.run(body)
    }

    /// Closes handles still open, stops hotplug delivery and the event thread. Idempotent.
    public func shutdown() async {
        let handles: [USBDeviceHandle]? = state.withLock { state in
            guard !state.isShutDown else { return nil }
            state.isShutDown = true
            defer { state.openHandles = [:] }
            return state.openHandles.values.compactMap(\.handle)
        }
        guard let handles else { return }
        for handle in handles { await handle.close() }
        let hotplug = self.hotplug
        let eventThread = self.eventThread
        await runBlocking {
            hotplug.stop()
            eventThread.stop()
        }
    }

    deinit {
        // Handles retain the context, so none is open here; only the threads remain to stop.
        hotplug.stop()
        eventThread.stop()
        libusb_exit(raw.pointer)
    }
}
