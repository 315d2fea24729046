internal import CUMockdev
import FingerprintModuleSim
import Synchronization
public import UMockdevCore
import USBDeviceSim

/// A umockdev testbed (fake sysfs, udev and /dev/bus/usb) with simulated ZFM modules plugged in,
/// reached by the real libusb through libumockdev-preload.
///
/// - Run the test process with `LD_PRELOAD=libumockdev-preload.so.0` (see `UMockdevEnvironment`).
/// - Only one umockdev testbed may be alive per process (UMOCKDEV_DIR is process-wide): put every
///   umockdev suite under one `.serialized` parent suite; a second `init()` throws `.testbedAlreadyAlive`.
///   To host cameras too, make one `UMockdevProcessTestbed` and pass it to `init(sharing:)` here and
///   to `CameraTestbed`.
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
        var alive = true
        var plugs: [Plug] = []
        var nextDeviceNumber = 2
        var nextPort = 1
    }

    private let state: Mutex<State>
    /// The umockdev testbed the devices live in.
    public let process: UMockdevProcessTestbed
    /// Whether `shutDown()` also frees `process` (it was made for this testbed alone).
    private let ownsProcess: Bool

    /// An empty testbed with a root hub on bus 1; throws when the preload is missing or another testbed lives.
    public convenience init() throws(UMockdevHarnessError) {
        guard UMockdevEnvironment.isPreloaded else { throw .preloadMissing }
        try self.init(process: try Self.makeProcessTestbed(), owned: true)
    }

    /// A USB bus (root hub on bus 1) in a testbed shared with other simulators, e.g. cameras.
    public convenience init(sharing process: UMockdevProcessTestbed) throws(UMockdevHarnessError) {
        guard UMockdevEnvironment.isPreloaded else { throw .preloadMissing }
        try self.init(process: process, owned: false)
    }

    private init(process: UMockdevProcessTestbed, owned: Bool) throws(UMockdevHarnessError) {
        self.process = process
        ownsProcess = owned
        state = Mutex(State())
        do {
            try Self.add(SysfsUSBDevice.rootHub, to: process)
        } catch {
            shutDown()
            throw error
        }
    }

    private static func makeProcessTestbed() throws(UMockdevHarnessError) -> UMockdevProcessTestbed {
        do {
            return try UMockdevProcessTestbed()
        } catch .alreadyAlive {
            throw .testbedAlreadyAlive
        } catch {
            throw .deviceDescriptionRejected("\(error)")
        }
    }

    /// A testbed with `module` plugged in as `presentation`, ready for libusb.
    public static func withModule(
        _ presentation: USBPresentation,
        module: SimulatedZFMModule = SimulatedZFMModule()
    ) throws(UMockdevHarnessError)
        -> AttachedUSBDevice
    {
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
    public static func run<R>(
        _ presentation: USBPresentation, module: SimulatedZFMModule = SimulatedZFMModule(),
        _ body: (AttachedUSBDevice) throws -> R
    ) throws -> R {
        let device = try withModule(presentation, module: module)
        defer { device.testbed.shutDown() }
        return try body(device)
    }

    /// Async form of `run`: the testbed lives until `body` returns.
    @discardableResult
    public static func run<R>(
        _ presentation: USBPresentation, module: SimulatedZFMModule = SimulatedZFMModule(),
        _ body: (AttachedUSBDevice) async throws -> R
    ) async throws -> R {
        let device = try withModule(presentation, module: module)
        defer { device.testbed.shutDown() }
        return try await body(device)
    }

    /// Plugs `module` in as `presentation` on the next root-hub port, with real descriptors and a
    /// usbfs ioctl handler on its `/dev/bus/usb/001/NNN` node.
    public func addUSBDevice(
        _ presentation: USBPresentation,
        module: SimulatedZFMModule
    ) throws(UMockdevHarnessError) -> AttachedUSBDevice {
        let (port, deviceNumber) = try state.withLock { state throws(UMockdevHarnessError) in
            guard state.alive, !process.isShutDown else { throw .testbedShutDown }
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
        state.withLock { $0.alive } ? process.rootDirectory : nil
    }

    /// Removes every device and, when this testbed made its own, the umockdev testbed and the
    /// process-wide slot. Idempotent.
    public func shutDown() {
        state.withLock { state in
            guard state.alive else { return }
            for plug in state.plugs {
                cumockdev_disconnect(plug.handler.pointer, plug.signalID)
                if plug.attached { process.detach(node: plug.node) }
            }
            state.plugs = []
            state.alive = false
        }
        if ownsProcess { process.shutDown() }
    }

    deinit {
        shutDown()
    }

    // MARK: - Plugging (used by AttachedUSBDevice)

    /// The ioctl handler listens before the device is added: adding sends the "add" uevent, and a
    /// process watching hotplug (libusb's event thread) may open the node at once; umockdev's preload
    /// aborts that process if the node's ioctl socket is not there yet.
    func plug(_ device: SimulatedUSBDevice, port: Int, deviceNumber: Int, generation: Int) throws(UMockdevHarnessError)
    {
        let presentation = device.state.withLock { $0.function.presentation }
        let node = SysfsUSBDevice.node(deviceNumber: deviceNumber)
        try state.withLock { state throws(UMockdevHarnessError) in
            guard state.alive else { throw .testbedShutDown }
            guard let newHandler = umockdev_ioctl_base_new() else {
                throw .ioctlAttachFailed(node: node, message: "umockdev_ioctl_base_new failed")
            }
            let handler = GObjectRef(adopting: newHandler)
            let session = UsbfsIoctlSession(device: device, generation: generation)
            let signalID = cumockdev_connect_handle_ioctl(
                newHandler, UsbfsIoctlSession.signalCallback, Unmanaged.passUnretained(session).toOpaque())
            do throws(UMockdevProcessTestbedError) {
                try process.attach(node: node, handler: newHandler)
            } catch {
                cumockdev_disconnect(newHandler, signalID)
                throw .ioctlAttachFailed(node: node, message: "\(error)")
            }
            do throws(UMockdevHarnessError) {
                try Self.add(SysfsUSBDevice.device(presentation, port: port, deviceNumber: deviceNumber), to: process)
            } catch {
                process.detach(node: node)
                cumockdev_disconnect(newHandler, signalID)
                throw error
            }
            state.plugs.append(
                Plug(handler: handler, signalID: signalID, session: session, node: node, attached: true))
        }
    }

    func unplug(port: Int, deviceNumber: Int) {
        let node = SysfsUSBDevice.node(deviceNumber: deviceNumber)
        state.withLock { state in
            guard state.alive else { return }
            process.remove(sysfsPath: "/sys" + SysfsUSBDevice.path(port: port))
            for index in state.plugs.indices where state.plugs[index].node == node && state.plugs[index].attached {
                process.detach(node: node)
                state.plugs[index].attached = false
            }
        }
    }

    func allocateDeviceNumber() throws(UMockdevHarnessError) -> Int {
        try state.withLock { state throws(UMockdevHarnessError) in
            guard state.alive else { throw .testbedShutDown }
            defer { state.nextDeviceNumber += 1 }
            return state.nextDeviceNumber
        }
    }

    private static func add(_ description: String, to process: UMockdevProcessTestbed) throws(UMockdevHarnessError) {
        do {
            try process.add(description)
        } catch .shutDown {
            throw .testbedShutDown
        } catch {
            throw .deviceDescriptionRejected("\(error)")
        }
    }
}
