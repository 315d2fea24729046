import FingerprintModuleSim
import USBDeviceSim

/// A simulated module plugged into a `UMockdevTestbed`: where libusb finds it, what the host did to
/// it, and USB-level faults (stall, timeout, unplug).
public final class AttachedUSBDevice: Sendable {
    /// The testbed the device lives in (kept alive by the device).
    public let testbed: UMockdevTestbed
    private let device: SimulatedUSBDevice
    private let port: Int

    init(testbed: UMockdevTestbed, device: SimulatedUSBDevice, port: Int) {
        self.testbed = testbed
        self.device = device
        self.port = port
    }

    /// How the module is presented.
    public var presentation: USBPresentation { device.state.withLock { $0.function.presentation } }

    /// The simulated module behind the USB device.
    public var module: SimulatedZFMModule { device.state.withLock { $0.function.module } }

    /// USB bus number (libusb_get_bus_number).
    public var busNumber: Int { SysfsUSBDevice.busNumber }

    /// Current device address (libusb_get_device_address); a replug gets a new one.
    public var deviceAddress: Int { device.state.withLock { $0.deviceNumber } }

    /// Root-hub port number (libusb_get_port_number).
    public var portNumber: Int { port }

    /// The usbfs node, e.g. `/dev/bus/usb/001/002`.
    public var deviceNode: String { SysfsUSBDevice.node(deviceNumber: deviceAddress) }

    /// The device's sysfs path, e.g. `/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1`.
    public var sysfsPath: String { "/sys" + SysfsUSBDevice.path(port: port) }

    /// Whether the device is plugged in.
    public var isPlugged: Bool { device.state.withLock { $0.plugged } }

    /// Every control request the device received (standard ones included), oldest first.
    public var recordedControlRequests: [USBControlRequestRecord] { device.state.withLock { $0.records } }

    /// The vendor/class control requests only: what a bridge driver programmed.
    public var recordedVendorRequests: [USBControlRequestRecord] {
        recordedControlRequests.filter { !$0.setup.isStandardRequest }
    }

    /// The bridge's configured baud rate and frame format; nil for a native module.
    public var configuredLineCoding: UARTLineCoding? { device.state.withLock { $0.function.lineCoding } }

    /// Whether the bridge's UART is enabled and transmitting; nil for a native module.
    public var bridgeUARTEnabled: Bool? { device.state.withLock { $0.function.bridgeTransmitting } }

    /// The kernel driver bound to interface 0 ("ch341", "cp210x"), "usbfs" when claimed, nil when none.
    public var boundDriver: String? { device.state.withLock { $0.driverName(of: 0) } }

    /// URB counters since the device was added.
    public var urbCounters: USBURBCounters { device.state.withLock { $0.counters } }

    /// IN URBs the host has submitted that are still waiting for data.
    public var parkedURBCount: Int { device.state.withLock { $0.parked.count } }

    // MARK: - Faults

    /// Passes a fault to the simulated module.
    public func inject(_ fault: ZFMFault) { module.inject(fault) }

    /// Clears the module's faults.
    public func clearFaults() { module.clearFaults() }

    /// The next URB on `endpoint` fails with -EPIPE (LIBUSB_ERROR_PIPE) and the endpoint stays
    /// halted until the host clears the halt.
    public func stallNext(endpoint: UInt8) {
        device.state.withLock { $0.armStall(endpoint) }
    }

    /// The next IN URB on `endpoint` (default: the bulk IN endpoint) is never answered, so the host's
    /// transfer times out; reply bytes stay queued for the following read.
    public func timeoutNext(endpoint: UInt8? = nil) {
        device.state.withLock { state in
            _ = state.timeoutArmed.insert(endpoint ?? state.function.presentation.bulkInEndpoint)
        }
    }

    // MARK: - Plug

    /// Pulls the cable: pending URBs complete with -ENODEV, later ioctls on open handles fail with
    /// ENODEV, and the device leaves sysfs (a udev "remove" event is sent).
    public func unplug() {
        let (wasPlugged, number) = device.state.withLock { state in
            defer { state.unplug() }
            return (state.plugged, state.deviceNumber)
        }
        guard wasPlugged else { return }
        testbed.unplug(port: port, deviceNumber: number)
    }

    /// Plugs the cable back in: power-on bridge state, a new device address, a udev "add" event.
    /// Handles opened before the unplug stay dead, as on real hardware.
    public func replug() throws(UMockdevHarnessError) {
        guard !isPlugged else { throw .alreadyPlugged }
        let number = try testbed.allocateDeviceNumber()
        let generation = device.state.withLock { state in
            state.replug(deviceNumber: number)
            return state.generation
        }
        try testbed.plug(device, port: port, deviceNumber: number, generation: generation)
    }
}
