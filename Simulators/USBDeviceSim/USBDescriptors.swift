/// Builders for the raw USB descriptors a device reports (little-endian, as on the bus).
public enum USBDescriptors {
    /// bDescriptorType values.
    public enum Kind: UInt8, Sendable {
        case device = 1, configuration = 2, string = 3, interface = 4, endpoint = 5
    }

    /// An endpoint's transfer type (bmAttributes bits 0-1).
    public enum TransferType: UInt8, Sendable {
        case control = 0, isochronous = 1, bulk = 2, interrupt = 3
    }

    /// One endpoint of an interface.
    public struct Endpoint: Sendable, Hashable {
        public var address: UInt8
        public var type: TransferType
        public var maxPacketSize: UInt16
        public var interval: UInt8 = 0

        /// An endpoint.
        public init(address: UInt8, type: TransferType, maxPacketSize: UInt16, interval: UInt8 = 0) {
            self.address = address
            self.type = type
            self.maxPacketSize = maxPacketSize
            self.interval = interval
        }

        /// Device-to-host.
        public var isIn: Bool { address & 0x80 != 0 }
    }

    /// One interface (alternate setting 0) and its endpoints.
    public struct Interface: Sendable, Hashable {
        public var number: UInt8
        public var interfaceClass: UInt8
        public var subclass: UInt8
        public var interfaceProtocol: UInt8
        public var stringIndex: UInt8 = 0
        public var endpoints: [Endpoint]

        /// An interface.
        public init(
            number: UInt8, interfaceClass: UInt8, subclass: UInt8, interfaceProtocol: UInt8, stringIndex: UInt8 = 0,
            endpoints: [Endpoint]
        ) {
            self.number = number
            self.interfaceClass = interfaceClass
            self.subclass = subclass
            self.interfaceProtocol = interfaceProtocol
            self.stringIndex = stringIndex
            self.endpoints = endpoints
        }
    }

    /// The 18-byte device descriptor.
    public static func device(
        bcdUSB: UInt16, deviceClass: UInt8, maxPacketSize0: UInt8, vendorID: UInt16,
        productID: UInt16, bcdDevice: UInt16, manufacturer: UInt8, product: UInt8,
        serial: UInt8
    ) -> [UInt8] {
        var bytes: [UInt8] = [18, Kind.device.rawValue]
        bytes.appendLittleEndian(bcdUSB)
        bytes += [deviceClass, 0, 0, maxPacketSize0]
        bytes.appendLittleEndian(vendorID)
        bytes.appendLittleEndian(productID)
        bytes.appendLittleEndian(bcdDevice)
        bytes += [manufacturer, product, serial, 1]
        return bytes
    }

    /// Configuration 1 with its interface and endpoint descriptors appended.
    public static func configuration(interfaces: [Interface], maxPowerMilliamps: Int, selfPowered: Bool = false)
        -> [UInt8]
    {
        var body: [UInt8] = []
        for interface in interfaces {
            body += [
                9, Kind.interface.rawValue, interface.number, 0, UInt8(interface.endpoints.count),
                interface.interfaceClass, interface.subclass, interface.interfaceProtocol,
                interface.stringIndex,
            ]
            for endpoint in interface.endpoints {
                body += [7, Kind.endpoint.rawValue, endpoint.address, endpoint.type.rawValue]
                body.appendLittleEndian(endpoint.maxPacketSize)
                body.append(endpoint.interval)
            }
        }
        var bytes: [UInt8] = [9, Kind.configuration.rawValue]
        bytes.appendLittleEndian(UInt16(9 + body.count))
        bytes += [UInt8(interfaces.count), 1, 0, selfPowered ? 0xC0 : 0x80, UInt8(maxPowerMilliamps / 2)]
        return bytes + body
    }

    /// String descriptor 0: the supported language ids (US English only).
    public static let languages: [UInt8] = [4, Kind.string.rawValue, 0x09, 0x04]

    /// A UTF-16LE string descriptor.
    public static func string(_ text: String) -> [UInt8] {
        let units = Array(text.utf16.prefix(126))
        var bytes: [UInt8] = [UInt8(2 + units.count * 2), Kind.string.rawValue]
        for unit in units { bytes.appendLittleEndian(unit) }
        return bytes
    }
}

extension [UInt8] {
    package mutating func appendLittleEndian(_ value: UInt16) {
        append(UInt8(truncatingIfNeeded: value))
        append(UInt8(truncatingIfNeeded: value >> 8))
    }

    package mutating func appendLittleEndian(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    /// Lower-case hex, no separators (the `H:` line format of umockdev).
    package var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
