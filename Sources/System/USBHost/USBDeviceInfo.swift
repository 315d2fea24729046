/// Where a USB device sits on the bus and what it reports about itself.
public struct USBDeviceInfo: Sendable, Hashable, CustomStringConvertible {
    /// Bus number (the BBB in /dev/bus/usb/BBB/DDD).
    public var bus: UInt8
    /// Device address on its bus (the DDD).
    public var address: UInt8
    /// Port numbers from the root hub down to the device; empty for a root hub.
    public var portPath: [UInt8]
    /// Vendor and product id.
    public var id: USBDeviceID
    /// bDeviceClass from the device descriptor (0 = per interface, 0xFF = vendor specific).
    public var deviceClass: UInt8

    /// Makes a device description.
    public init(bus: UInt8, address: UInt8, portPath: [UInt8], id: USBDeviceID, deviceClass: UInt8) {
        self.bus = bus
        self.address = address
        self.portPath = portPath
        self.id = id
        self.deviceClass = deviceClass
    }

    /// The usbfs node libusb opens for this device.
    public var nodePath: String {
        "/dev/bus/usb/" + Self.pad3(bus) + "/" + Self.pad3(address)
    }

    public var description: String {
        "\(id) at bus \(bus) address \(address)"
            + (portPath.isEmpty ? "" : " (port \(portPath.map(String.init).joined(separator: ".")))")
    }

    private static func pad3(_ value: UInt8) -> String {
        let digits = String(value)
        return String(repeating: "0", count: 3 - digits.count) + digits
    }
}
