import USBHost

/// WCH CH340/CH341, programmed the way the Linux ch341 driver does: serial init (0xA1), the prescaler
/// and divisor registers (0x12/0x13) and line control registers (0x18/0x25) through register writes
/// (0x9A), then modem control (0xA4) raising DTR and RTS.
public struct CH34xBridge: SerialBridge {
    /// Vendor request: initialise the UART.
    public static let requestSerialInit: UInt8 = 0xA1
    /// Vendor request: write two registers (wValue = reg2 << 8 | reg1, wIndex = val2 << 8 | val1).
    public static let requestWriteRegister: UInt8 = 0x9A
    /// Vendor request: set modem control lines (wValue = inverted line bits).
    public static let requestModemControl: UInt8 = 0xA4
    /// Register pair: prescaler (0x12) and divisor (0x13).
    public static let registersBaud: UInt16 = 0x1312
    /// Register pair: line control (0x18) and line control 2 (0x25).
    public static let registersLineControl: UInt16 = 0x2518
    /// LCR: receiver and transmitter enabled, 8 data bits, no parity, 1 stop bit.
    public static let lineControl8N1: UInt16 = 0x80 | 0x40 | 0x03
    /// Modem control bits: DTR (bit 5) and RTS (bit 6).
    public static let modemDTRAndRTS: UInt8 = 0x20 | 0x40
    /// The chip's base clock.
    static let clockRate = 48_000_000
    /// Baud rates the divisor registers can express.
    public static let supportedBauds = 46...3_000_000

    public let kind = FingerprintUSBLinkKind.ch34x

    /// Makes the bridge.
    public init() {}

    public func lineCodingRequests(baud: Int) throws(SerialBridgeError) -> [USBControlRequest] {
        let divisor = try Self.divisorRegisterValue(baud: baud)
        let vendor = USBControlRequest.vendorToDevice
        return [
            USBControlRequest(requestType: vendor, request: Self.requestSerialInit, value: 0, index: 0),
            USBControlRequest(
                requestType: vendor, request: Self.requestWriteRegister, value: Self.registersBaud, index: divisor),
            USBControlRequest(
                requestType: vendor, request: Self.requestWriteRegister, value: Self.registersLineControl,
                index: Self.lineControl8N1),
            USBControlRequest(
                requestType: vendor, request: Self.requestModemControl, value: UInt16(~Self.modemDTRAndRTS) | 0xFF00,
                index: 0),
        ]
    }

    /// The prescaler/divisor register pair value for `baud`: (256 − divisor) << 8 | fact << 2 | prescaler,
    /// with bit 7 set so the chip forwards received bytes without waiting for a full 32-byte packet.
    public static func divisorRegisterValue(baud: Int) throws(SerialBridgeError) -> UInt16 {
        guard supportedBauds.contains(baud) else {
            throw .unsupportedBaud(baud, bridge: "CH340/CH341", supported: supportedBauds)
        }
        // Clock divider for prescaler `ps` (0...3) and base-clock factor `fact` (0 halves the clock).
        func clockDivider(_ ps: Int, _ fact: Int) -> Int { 1 << (12 - 3 * ps - fact) }
        // Highest prescaler whose slowest rate (divisor 512 at fact 1) is still below the requested baud.
        var prescaler = 3
        while prescaler > 0 && baud <= clockRate / (clockDivider(prescaler, 1) * 512) { prescaler -= 1 }
        var fact = 1
        var clockDiv = clockDivider(prescaler, fact)
        var divisor = clockRate / (clockDiv * baud)
        if divisor < 9 || divisor > 255 {
            divisor /= 2
            clockDiv *= 2
            fact = 0
        }
        // Take the next divisor when it lands closer to the requested rate (scaled by 16 against rounding).
        if 16 * clockRate / (clockDiv * divisor) - 16 * baud >= 16 * baud - 16 * clockRate / (clockDiv * (divisor + 1))
        {
            divisor += 1
        }
        // An even divisor at the full clock equals half of it at the halved clock, which the receiver tolerates better.
        if fact == 1 && divisor % 2 == 0 {
            divisor /= 2
            fact = 0
        }
        return UInt16((0x100 - divisor) << 8 | fact << 2 | prescaler) | 0x80
    }
}
