/// How a simulated ZFM module appears on the USB bus.
public enum USBPresentation: Sendable, Hashable, CustomStringConvertible {
    /// A native USB module `1209:0001`: one vendor-class interface, bulk OUT 0x01 / IN 0x81.
    case native(USBBusSpeed = .full)
    /// The module's UART behind a CH340 `1a86:7523`: bulk OUT 0x02, bulk IN 0x82, interrupt IN 0x81.
    case ch340
    /// The module's UART behind a CP2102 (CP210x) `10c4:ea60`: bulk OUT 0x01, bulk IN 0x81.
    case cp210x

    /// The bus speed a native module enumerates at; bridges are always full speed.
    public enum USBBusSpeed: Sendable, Hashable {
        /// 12 Mbit/s, 64-byte bulk packets.
        case full
        /// 480 Mbit/s, 512-byte bulk packets.
        case high
    }

    /// idVendor.
    public var vendorID: UInt16 {
        switch self {
        case .native: 0x1209
        case .ch340: 0x1A86
        case .cp210x: 0x10C4
        }
    }

    /// idProduct.
    public var productID: UInt16 {
        switch self {
        case .native: 0x0001
        case .ch340: 0x7523
        case .cp210x: 0xEA60
        }
    }

    /// The bulk OUT endpoint that carries request bytes.
    public var bulkOutEndpoint: UInt8 {
        switch self {
        case .native, .cp210x: 0x01
        case .ch340: 0x02
        }
    }

    /// The bulk IN endpoint that carries reply bytes.
    public var bulkInEndpoint: UInt8 {
        switch self {
        case .native, .cp210x: 0x81
        case .ch340: 0x82
        }
    }

    /// The CH340's modem-status interrupt endpoint; nil for the others.
    public var interruptInEndpoint: UInt8? {
        self == .ch340 ? 0x81 : nil
    }

    /// wMaxPacketSize of the bulk endpoints.
    public var bulkMaxPacketSize: Int {
        switch self {
        case .native(.full), .cp210x: 64
        case .native(.high): 512
        case .ch340: 32
        }
    }

    /// The sysfs `speed` attribute (Mbit/s).
    package var sysfsSpeed: String {
        self == .native(.high) ? "480" : "12"
    }

    /// The kernel driver Linux binds to interface 0 at plug-in (the driver must detach it), if any.
    public var kernelDriver: String? {
        switch self {
        case .native: nil
        case .ch340: "ch341"
        case .cp210x: "cp210x"
        }
    }

    /// Whether the module's bytes pass through a UART bridge.
    public var isBridge: Bool {
        if case .native = self { return false }
        return true
    }

    /// Manufacturer, product and serial strings (string indexes 1, 2, 3; nil = index 0).
    public var strings: (manufacturer: String?, product: String?, serial: String?) {
        switch self {
        case .native: ("ZhianTec", "ZFM USB Fingerprint Module", "ZFM0001")
        case .ch340: (nil, "USB Serial", nil)
        case .cp210x: ("Silicon Labs", "CP2102 USB to UART Bridge Controller", "0001")
        }
    }

    /// bcdDevice.
    public var bcdDevice: UInt16 {
        switch self {
        case .native: 0x0100
        case .ch340: 0x0264
        case .cp210x: 0x0100
        }
    }

    /// The single vendor-class interface.
    public var interface: USBDescriptors.Interface {
        let size = UInt16(bulkMaxPacketSize)
        switch self {
        case .native:
            return .init(
                number: 0, interfaceClass: 0xFF, subclass: 0, interfaceProtocol: 0,
                endpoints: [
                    .init(address: 0x01, type: .bulk, maxPacketSize: size),
                    .init(address: 0x81, type: .bulk, maxPacketSize: size),
                ])
        case .ch340:
            return .init(
                number: 0, interfaceClass: 0xFF, subclass: 1, interfaceProtocol: 2,
                endpoints: [
                    .init(address: 0x82, type: .bulk, maxPacketSize: size),
                    .init(address: 0x02, type: .bulk, maxPacketSize: size),
                    .init(address: 0x81, type: .interrupt, maxPacketSize: 8, interval: 1),
                ])
        case .cp210x:
            return .init(
                number: 0, interfaceClass: 0xFF, subclass: 0, interfaceProtocol: 0, stringIndex: 2,
                endpoints: [
                    .init(address: 0x81, type: .bulk, maxPacketSize: size),
                    .init(address: 0x01, type: .bulk, maxPacketSize: size),
                ])
        }
    }

    /// The device descriptor.
    public var deviceDescriptor: [UInt8] {
        let (manufacturer, product, serial) = strings
        return USBDescriptors.device(
            bcdUSB: self == .native(.high) || self == .native(.full) ? 0x0200 : 0x0110, deviceClass: 0,
            maxPacketSize0: self == .ch340 ? 8 : 64, vendorID: vendorID, productID: productID,
            bcdDevice: bcdDevice, manufacturer: manufacturer == nil ? 0 : 1, product: product == nil ? 0 : 2,
            serial: serial == nil ? 0 : 3)
    }

    /// Configuration 1 with the interface and its endpoints.
    public var configurationDescriptor: [UInt8] {
        USBDescriptors.configuration(interfaces: [interface], maxPowerMilliamps: self == .ch340 ? 98 : 100)
    }

    /// String descriptor `index` (0 = languages), nil when the device has none.
    public func stringDescriptor(_ index: UInt8) -> [UInt8]? {
        let (manufacturer, product, serial) = strings
        switch index {
        case 0: return USBDescriptors.languages
        case 1: return manufacturer.map(USBDescriptors.string)
        case 2: return product.map(USBDescriptors.string)
        case 3: return serial.map(USBDescriptors.string)
        default: return nil
        }
    }

    public var description: String {
        let id = "\(vendorID.hex4):\(productID.hex4)"
        switch self {
        case .native(.full): return "native USB module \(id) (full speed)"
        case .native(.high): return "native USB module \(id) (high speed)"
        case .ch340: return "CH340 bridge \(id)"
        case .cp210x: return "CP210x bridge \(id)"
        }
    }
}

extension UInt16 {
    /// Four lower-case hex digits.
    package var hex4: String {
        let text = String(self, radix: 16)
        return String(repeating: "0", count: 4 - text.count) + text
    }
}

extension USBPresentation {
    /// The names a simulator's `--presentation` option takes, in the order help lists them.
    public static let optionNames = ["native", "native-high", "ch340", "cp210x"]

    /// The presentation an option names (`native` is full speed); nil for any other text.
    public init?(optionName: String) {
        switch optionName {
        case "native": self = .native(.full)
        case "native-high": self = .native(.high)
        case "ch340": self = .ch340
        case "cp210x": self = .cp210x
        default: return nil
        }
    }

    /// The option name of this presentation.
    public var optionName: String {
        switch self {
        case .native(.full): "native"
        case .native(.high): "native-high"
        case .ch340: "ch340"
        case .cp210x: "cp210x"
        }
    }
}
