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

    /// Reads the endpoints of `interfaceNumber` (alternate setting 0) from a configuration descriptor.
    static func parse(_ config: UnsafePointer<libusb_config_descriptor>, interfaceNumber: UInt8) -> USBEndpoints? {
        let interfaces = UnsafeBufferPointer(start: config.pointee.interface, count: Int(config.pointee.bNumInterfaces))
        for interface in interfaces where interface.num_altsetting > 0 {
            let setting = interface.altsetting.pointee
            guard setting.bInterfaceNumber == interfaceNumber else { continue }
            var found = USBEndpoints()
            let endpoints = UnsafeBufferPointer(start: setting.endpoint, count: Int(setting.bNumEndpoints))
            for descriptor in endpoints {
                let endpoint = USBEndpoint(
                    address: descriptor.bEndpointAddress, maxPacketSize: Int(descriptor.wMaxPacketSize & 0x7FF))
                switch (UInt32(descriptor.bmAttributes) & 0x03, endpoint.isIn) {
                case (LIBUSB_TRANSFER_TYPE_BULK.rawValue, true): found.bulkIn = found.bulkIn ?? endpoint
                case (LIBUSB_TRANSFER_TYPE_BULK.rawValue, false): found.bulkOut = found.bulkOut ?? endpoint
                case (LIBUSB_TRANSFER_TYPE_INTERRUPT.rawValue, true): found.interruptIn = found.interruptIn ?? endpoint
                default: break
                }
            }
            return found
        }
        return nil
    }
}
