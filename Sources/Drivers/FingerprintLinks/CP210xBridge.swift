import USBHost

/// Silicon Labs CP210x: interface-recipient vendor requests IFC_ENABLE, SET_BAUDRATE (4-byte little-endian
/// rate in the data stage) and SET_LINE_CTL.
public struct CP210xBridge: SerialBridge {
    /// Vendor request: enable or disable the UART (wValue 1 enables).
    public static let requestInterfaceEnable: UInt8 = 0x00
    /// Vendor request: set line control (wValue = data bits << 8 | parity << 4 | stop bits).
    public static let requestSetLineControl: UInt8 = 0x03
    /// Vendor request: set the baud rate from a 4-byte little-endian data stage.
    public static let requestSetBaudRate: UInt8 = 0x1E
    /// Line control for 8 data bits, no parity, 1 stop bit.
    public static let lineControl8N1: UInt16 = 0x0800
    /// Baud rates the CP210x family accepts.
    public static let supportedBauds = 300...3_000_000

    public let kind = FingerprintUSBLinkKind.cp210x
    /// The interface the UART belongs to (wIndex of every request).
    public var interface: UInt8

    /// Makes the bridge for the UART on `interface`.
    public init(interface: UInt8 = 0) {
        self.interface = interface
    }

    public func lineCodingRequests(baud: Int) throws(SerialBridgeError) -> [USBControlRequest] {
        guard Self.supportedBauds.contains(baud) else {
            throw .unsupportedBaud(baud, bridge: "CP210x", supported: Self.supportedBauds)
        }
        let type = USBControlRequest.vendorToInterface
        let index = UInt16(interface)
        let rate = UInt32(baud)
        return [
            USBControlRequest(requestType: type, request: Self.requestInterfaceEnable, value: 1, index: index),
            USBControlRequest(
                requestType: type, request: Self.requestSetBaudRate, value: 0, index: index,
                data: [UInt8(rate & 0xFF), UInt8(rate >> 8 & 0xFF), UInt8(rate >> 16 & 0xFF), UInt8(rate >> 24)]),
            USBControlRequest(
                requestType: type, request: Self.requestSetLineControl, value: Self.lineControl8N1, index: index),
        ]
    }
}
