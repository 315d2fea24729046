import CLibUSB

/// One endpoint of the claimed interface.
public struct USBEndpoint: Sendable, Hashable {
    /// bEndpointAddress (bit 7 set for IN).
    public var address: UInt8
    /// wMaxPacketSize (packet size in bytes).
    public var maxPacketSize: Int

    /// Makes an endpoint description.
    public init(address: UInt8, maxPacketSize: Int) {
        self.address = address
        self.maxPacketSize = maxPacketSize
    }

    /// Whether data flows device-to-host.
    public var isIn: Bool { address & 0x80 != 0 }

    /// The packet sizes a bulk or interrupt endpoint may report (USB 2.0 and 3.x: 1024 at most).
    public static let maxPacketSizes: ClosedRange<Int> = 1...1024
}

/// The endpoints the drivers use on a claimed interface (first of each kind, alternate setting 0).
public struct USBEndpoints: Sendable, Hashable {
    /// First bulk IN endpoint.
    public var bulkIn: USBEndpoint?
    /// First bulk OUT endpoint.
    public var bulkOut: USBEndpoint?
    /// First interrupt IN endpoint.
    public var interruptIn: USBEndpoint?

    /// Makes an endpoint set.
    public init(bulkIn: USBEndpoint? = nil, bulkOut: USBEndpoint? = nil, interruptIn: USBEndpoint? = nil) {
        self.bulkIn = bulkIn
        self.bulkOut = bulkOut
        self.interruptIn = interruptIn
    }

    /// Reads the endpoints of `interfaceNumber` (alternate setting 0) from a configuration descriptor; nil
    /// when the configuration has no such interface. The descriptor comes from the device, so its counts are
    /// checked against the arrays libusb parsed, and every endpoint the drivers would use must report a
    /// wMaxPacketSize in `USBEndpoint.maxPacketSizes`; anything else is `.unsupportedDevice` naming it.
    static func parse(
        _ config: UnsafePointer<libusb_config_descriptor>, interfaceNumber: UInt8
    ) throws(USBError) -> USBEndpoints? {
        let interfaces = try buffer(
            config.pointee.interface, count: Int(config.pointee.bNumInterfaces), what: "interfaces of the configuration"
        )
        for interface in interfaces where interface.num_altsetting > 0 {
            guard let setting = interface.altsetting?.pointee else {
                throw .unsupportedDevice(
                    "an interface lists \(interface.num_altsetting) alternate settings but has none")
            }
            guard setting.bInterfaceNumber == interfaceNumber else { continue }
            var found = USBEndpoints()
            let endpoints = try buffer(
                setting.endpoint, count: Int(setting.bNumEndpoints), what: "endpoints of interface \(interfaceNumber)")
            for descriptor in endpoints {
                let endpoint = USBEndpoint(
                    address: descriptor.bEndpointAddress, maxPacketSize: Int(descriptor.wMaxPacketSize & 0x7FF))
                let kind: WritableKeyPath<USBEndpoints, USBEndpoint?>
                switch (UInt32(descriptor.bmAttributes) & 0x03, endpoint.isIn) {
                case (LIBUSB_TRANSFER_TYPE_BULK.rawValue, true): kind = \.bulkIn
                case (LIBUSB_TRANSFER_TYPE_BULK.rawValue, false): kind = \.bulkOut
                case (LIBUSB_TRANSFER_TYPE_INTERRUPT.rawValue, true): kind = \.interruptIn
                default: continue
                }
                guard found[keyPath: kind] == nil else { continue }
                guard USBEndpoint.maxPacketSizes.contains(endpoint.maxPacketSize) else {
                    throw .unsupportedDevice(
                        "endpoint 0x\(String(endpoint.address, radix: 16)) of interface \(interfaceNumber) reports "
                            + "wMaxPacketSize \(endpoint.maxPacketSize), expected \(USBEndpoint.maxPacketSizes.lowerBound)-"
                            + "\(USBEndpoint.maxPacketSizes.upperBound)")
                }
                found[keyPath: kind] = endpoint
            }
            return found
        }
        return nil
    }

    /// The `count` elements at `start`; a non-zero count without an array is a malformed descriptor.
    private static func buffer<Element>(
        _ start: UnsafePointer<Element>?, count: Int, what: String
    ) throws(USBError) -> UnsafeBufferPointer<Element> {
        guard let start else {
            guard count == 0 else { throw .unsupportedDevice("the descriptor counts \(count) \(what) but has none") }
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(start: start, count: count)
    }
}
