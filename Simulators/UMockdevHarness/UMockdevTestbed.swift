internal import CUMockdev
import FingerprintModuleSim
import Synchronization

/// Set while a testbed is alive: umockdev keeps its root in the process-wide UMOCKDEV_DIR.
private let testbedAlive = Mutex(false)

/// A umockdev testbed (fake sysfs, udev and /dev/bus/usb) with simulated ZFM modules plugged in,
/// reached by the real libusb through libumockdev-preload.
///
/// - Run the test process with `LD_PRELOAD=libumockdev-preload.so.0` (see `UMockdevEnvironment`).
/// - Only one testbed may be alive per process (UMOCKDEV_DIR is process-wide): put every umockdev
///   suite under one `.serialized` parent suite; a second `init()` throws `.testbedAlreadyAlive`.
/// - Create libusb contexts after the testbed, and close every handle and `libusb_exit` before
///   `shutDown()`: an ioctl on a node whose testbed is gone aborts the process.
/// - The usbfs node is a regular file, so poll() is always ready and libusb's event loop spins while
///   an IN transfer is parked (measured: ~0.55 CPU-seconds per second). The device answers parked
///   reads as soon as the module replies; keep reads that expect nothing short.
/// - REAPURB (blocking) is answered like REAPURBNDELAY; libusb only uses the latter.
public final class UMockdevTestbed: Sendable {
    private struct Plug {
        let handler: GObjectRef<UMockdevIoctlBase>
        let signalID: gulong
        let session: UsbfsIoctlSession
        let node: String
        var attached: Bool
    }

    private struct State {
        var testbed: GObjectRef<CUMockdev.UMockdevTestbed>?
        var plugs: [Plug] = []
        var nextDeviceNumber = 2
        var nextPort = 1
    }

    private let state: Mutex<State>

    /// An empty testbed with a root hub on bus 1; throws when the preload is missing or another testbed lives.
    public init() throws(UMockdevHarnessError) {
        guard UMockdevEnvironment.isPreloaded else { throw .preloadMissing }
        let claimed = testbedAlive.withLock { alive in
            if alive { return false }
            alive = true
            return true
        }
        guard claimed else { throw .testbedAlreadyAlive }
        guard let testbed = umockdev_testbed_new() else {
            testbedAlive.withLock { $0 = false }
            throw .deviceDescriptionRejected("umockdev_testbed_new failed")
        }
        state = Mutex(State(testbed: GObjectRef(adopting: testbed)))
        do {
            try Self.add(SysfsUSBDevice.rootHub, to: testbed)
        } catch {
            shutDown()
            throw error
        }
    }

    /// A testbed with `module` plugged in as `presentation`, ready for libusb.
    public static func withModule(_ presentation: USBPresentation,
                                  module: SimulatedZFMModule = SimulatedZFMModule()) throws(UMockdevHarnessError)
        -> AttachedUSBDevice {
        let testbed = try UMockdevTestbed()
        do {
            return try testbed.addUSBDevice(presentation, module: module)
        } catch {
            testbed.shutDown()
            throw error
        }
    }

    /// Runs `body` with a fresh testbed holding `module` as `presentation`, then shuts the testbed down.
    @discardableResult
    public static func run<R>(_ presentation: USBPresentation, module: SimulatedZFMModule = SimulatedZFMModule(),
                              _ body: (AttachedUSBDevice) throws -> R) throws -> R {
        let device = try withModule(presentation, module: module)
        defer { device.testbed.shutDown() }
        return try body(device)
    }

    /// Async form of `run`: the testbed lives until `body` returns.
    @discardableResult
    public static func run<R>(_ presentation: USBPresentation, module: SimulatedZFMModule = SimulatedZFMModule(),
                              _ body: (AttachedUSBDevice) async throws -> R) async throws -> R {
        let device = try withModule(presentation, module: module)
        defer { device.testbed.shutDown() }
        return try await body(device)
    }

    /// Plugs `module` in as `presentation` on the next root-hub port, with real descriptors and a
    /// usbfs ioctl handler on its `/dev/bus/usb/001/NNN` node.
    public func addUSBDevice(_ presentation: USBPresentation,
                             module: SimulatedZFMModule) throws(UMockdevHarnessError) -> AttachedUSBDevice {
        let (port, deviceNumber) = try state.withLock { state throws(UMockdevHarnessError) in
            guard state.testbed != nil else { throw .testbedShutDown }
            defer {
                state.nextPort += 1
                state.nextDeviceNumber += 1
            }
            return (state.nextPort, state.nextDeviceNumber)
        }
        let device = SimulatedUSBDevice(presentation: presentation, module: module, deviceNumber: deviceNumber)
        try plug(device, port: port, deviceNumber: deviceNumber, generation: 0)
        return AttachedUSBDevice(testbed: self, device: device, port: port)
    }

    /// The testbed's root directory (UMOCKDEV_DIR), nil after shutdown.
    public var rootDirectory: String? {
        state.withLock { state in
            guard let testbed = state.testbed, let root = umockdev_testbed_get_root_dir(testbed.pointer) else {
                return nil
            }
            defer { g_free(root) }
            return String(cString: root)
        }
    }

    /// Removes every device and the testbed, and frees the process-wide slot. Idempotent.
    public func shutDown() {
        let wasAlive = state.withLock { state in
            guard let testbed = state.testbed else { return false }
            for plug in state.plugs {
                cumockdev_disconnect(plug.handler.pointer, plug.signalID)
                if plug.attached { Self.detach(plug.node, from: testbed.pointer) }
            }
            state.plugs = []
            state.testbed = nil
            return true
        }
        if wasAlive { testbedAlive.withLock { $0 = false } }
    }

    deinit {
        shutDown()
    }

    // MARK: - Plugging (used by AttachedUSBDevice)

    func plug(_ device: SimulatedUSBDevice, port: Int, deviceNumber: Int, generation: Int) throws(UMockdevHarnessError) {
        let presentation = device.state.withLock { $0.function.presentation }
        let node = SysfsUSBDevice.node(deviceNumber: deviceNumber)
        try state.withLock { state throws(UMockdevHarnessError) in
            guard let testbed = state.testbed?.pointer else { throw .testbedShutDown }
            try Self.add(SysfsUSBDevice.device(presentation, port: port, deviceNumber: deviceNumber), to: testbed)
            guard let newHandler = umockdev_ioctl_base_new() else {
                throw .ioctlAttachFailed(node: node, message: "umockdev_ioctl_base_new failed")
            }
            let handler = GObjectRef(adopting: newHandler)
            let session = UsbfsIoctlSession(device: device, generation: generation)
            let signalID = cumockdev_connect_handle_ioctl(
                newHandler, UsbfsIoctlSession.signalCallback, Unmanaged.passUnretained(session).toOpaque())
            var error: UnsafeMutablePointer<GError>?
            let attached = umockdev_testbed_attach_ioctl(testbed, node, newHandler, &error) != 0
            state.plugs.append(Plug(handler: handler, signalID: signalID, session: session, node: node,
                                    attached: attached))
            if !attached {
                let message = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
                if let error { g_error_free(error) }
                throw .ioctlAttachFailed(node: node, message: message)
            }
        }
    }

    func unplug(port: Int, deviceNumber: Int) {
        let node = SysfsUSBDevice.node(deviceNumber: deviceNumber)
        state.withLock { state in
            guard let testbed = state.testbed?.pointer else { return }
            let syspath = "/sys" + SysfsUSBDevice.path(port: port)
            // umockdev 0.17 removes devices without a uevent; libusb's hotplug monitor needs one.
            umockdev_testbed_uevent(testbed, syspath, "remove")
            umockdev_testbed_remove_device(testbed, syspath)
            for index in state.plugs.indices where state.plugs[index].node == node && state.plugs[index].attached {
                Self.detach(node, from: testbed)
                state.plugs[index].attached = false
            }
        }
    }

    func allocateDeviceNumber() throws(UMockdevHarnessError) -> Int {
        try state.withLock { state throws(UMockdevHarnessError) in
            guard state.testbed != nil else { throw .testbedShutDown }
            defer { state.nextDeviceNumber += 1 }
            return state.nextDeviceNumber
        }
    }

    private static func add(_ description: String, to testbed: UnsafeMutablePointer<CUMockdev.UMockdevTestbed>)
        throws(UMockdevHarnessError) {
        var error: UnsafeMutablePointer<GError>?
        guard umockdev_testbed_add_from_string(testbed, description, &error) != 0 else {
            let message = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            if let error { g_error_free(error) }
            throw .deviceDescriptionRejected(message)
        }
    }

    private static func detach(_ node: String, from testbed: UnsafeMutablePointer<CUMockdev.UMockdevTestbed>) {
        var error: UnsafeMutablePointer<GError>?
        _ = umockdev_testbed_detach_ioctl(testbed, node, &error)
        if let error { g_error_free(error) }
    }
}
