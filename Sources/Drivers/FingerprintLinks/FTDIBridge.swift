import USBHost

/// FTDI FT232R: SIO requests RESET, SET_BAUD_RATE (232BM divisor encoding) and SET_DATA. Every IN packet
/// starts with two modem-status bytes, which `payload(ofTransfer:maxPacketSize:)` removes.
public struct FTDIBridge: SerialBridge {
    /// SIO request: reset (wValue 0 resets the SIO).
    public static let requestReset: UInt8 = 0x00
    /// SIO request: set the baud rate divisor (low 16 bits in wValue, bit 16 in wIndex).
    public static let requestSetBaudRate: UInt8 = 0x03
    /// SIO request: set data characteristics (wValue = data bits | parity << 8 | stop bits << 11).
    public static let requestSetData: UInt8 = 0x04
    /// SET_DATA value for 8 data bits, no parity, 1 stop bit.
    public static let data8N1: UInt16 = 0x0008
    /// Bytes of modem status at the start of every IN packet.
    public static let statusBytesPerPacket = 2
    /// Baud rates the divisor can express (14-bit integer part, 3 MBd maximum).
    public static let supportedBauds = 184...3_000_000

    public let kind = FingerprintUSBLinkKind.ftdi
    /// The SIO port index (0 on single-port chips such as the FT232R; 1-based A, B, ... on multi-port chips).
    public var port: UInt8

    /// Makes the bridge for SIO port `port`.
    public init(port: UInt8 = 0) {
        self.port = port
    }

    public func lineCodingRequests(baud: Int) throws(SerialBridgeError) -> [USBControlRequest] {
        let divisor = try Self.divisor(baud: baud)
        let type = USBControlRequest.vendorToDevice
        let port = UInt16(self.port)
        // On multi-port chips the divisor's high bits move to wIndex's high byte, next to the port.
        let baudIndex = port == 0 ? UInt16(divisor >> 16) : UInt16(divisor >> 16) << 8 | port
        return [
            USBControlRequest(requestType: type, request: Self.requestReset, value: 0, index: port),
            USBControlRequest(
                requestType: type, request: Self.requestSetBaudRate, value: UInt16(divisor & 0xFFFF),
                index: baudIndex),
            USBControlRequest(requestType: type, request: Self.requestSetData, value: Self.data8N1, index: port),
        ]
    }

    /// The 17-bit FT232R/232BM divisor for `baud`: 3 MHz / baud as an integer part (bits 0-13) and an
    /// eighths fraction coded into bits 14-16; 3 MBd and 2 MBd use the special values 0 and 1.
    public static func divisor(baud: Int) throws(SerialBridgeError) -> UInt32 {
        guard supportedBauds.contains(baud) else {
            throw .unsupportedBaud(baud, bridge: "FTDI FT232R", supported: supportedBauds)
        }
        // Fraction codes for 0/8 ... 7/8, as the chip expects them.
        let fractionCode: [UInt32] = [0, 3, 2, 4, 1, 5, 6, 7]
        let baseClock = 48_000_000
        let eighths = (baseClock + baud) / (2 * baud)  // round(3 MHz * 8 / baud)
        var divisor = UInt32(eighths >> 3) | fractionCode[eighths & 7] << 14
        if divisor == 1 {
            divisor = 0
        } else if divisor == 0x4001 {
            divisor = 1
        }
        return divisor
    }

    public func payload(ofTransfer bytes: [UInt8], maxPacketSize: Int) -> [UInt8] {
        Self.stripStatusBytes(bytes, packetSize: maxPacketSize)
    }

    /// Removes the two status bytes at the start of each `packetSize`-byte packet of one IN transfer
    /// (a transfer always starts on a packet boundary).
    public static func stripStatusBytes(_ transfer: [UInt8], packetSize: Int) -> [UInt8] {
        guard packetSize > statusBytesPerPacket else { return [] }
        var payload: [UInt8] = []
        payload.reserveCapacity(transfer.count)
        var start = 0
        while start < transfer.count {
            let end = min(start + packetSize, transfer.count)
            if start + statusBytesPerPacket < end {
                payload += transfer[(start + statusBytesPerPacket)..<end]
            }
            start = end
        }
        return payload
    }
}
