import FingerprintModuleSim

/// A CH340/CH341 serial bridge: a register file written with vendor request 0x9A, read with 0x95;
/// 0x5F reads the chip version, 0xA1 initialises the serial engine, 0xA4 drives the modem lines.
/// The UART is off until 0xA1; baud rate comes from the prescaler (0x12) and divisor (0x13)
/// registers, frame format and RX/TX enables from LCR (0x18), as Linux's ch341 driver programs them.
/// 0xA1 with a non-zero value only initialises: baud rate and format always come from the registers.
struct CH340Chip: UARTBridgeChip {
    static let readVersion: UInt8 = 0x5F
    static let readRegister: UInt8 = 0x95
    static let writeRegister: UInt8 = 0x9A
    static let serialInit: UInt8 = 0xA1
    static let modemControl: UInt8 = 0xA4

    static let prescalerRegister = 0x12
    static let divisorRegister = 0x13
    static let lcrRegister = 0x18
    /// The version 0x5F reports; 0x30 and later use the LCR register.
    static let version: [UInt8] = [0x31, 0x00]

    private(set) var registers: [UInt8]
    private(set) var initialized = false
    /// The last 0xA4 value (inverted DTR 0x20 / RTS 0x40 bits).
    private(set) var modemControlValue: UInt16 = 0xFFFF

    /// Power-on state: 9600 8N1 in the registers, serial engine not initialised.
    init() {
        registers = Array(repeating: 0, count: 256)
        registers[Self.prescalerRegister] = 0x02
        registers[Self.divisorRegister] = 0xB2
        registers[Self.lcrRegister] = 0xC3
        registers[0x06] = 0xFF
    }

    mutating func control(_ setup: USBSetupPacket, outData: [UInt8]) -> ControlReply {
        guard setup.isVendor else { return .stall }
        switch (setup.request, setup.isIn) {
        case (Self.readVersion, true):
            return .ack(Self.version)
        case (Self.serialInit, false):
            initialized = true
            return .ack()
        case (Self.writeRegister, false):
            registers[Int(setup.value & 0xFF)] = UInt8(setup.index & 0xFF)
            registers[Int(setup.value >> 8)] = UInt8(setup.index >> 8)
            return .ack()
        case (Self.readRegister, true):
            return .ack([registers[Int(setup.value & 0xFF)], registers[Int(setup.value >> 8)]])
        case (Self.modemControl, false):
            modemControlValue = setup.value
            return .ack()
        default:
            return .stall
        }
    }

    /// Baud rate from the prescaler/divisor pair: 48 MHz / (2^(12 - 3·ps - fact) · (256 - divisor)).
    var baudRate: Int {
        let prescaler = registers[Self.prescalerRegister]
        let ps = Int(prescaler & 0x03)
        let fact = Int((prescaler >> 2) & 0x01)
        let divisor = 256 - Int(registers[Self.divisorRegister])
        guard divisor > 0 else { return 0 }
        return 48_000_000 / ((1 << (12 - 3 * ps - fact)) * divisor)
    }

    var lineCoding: UARTLineCoding {
        let lcr = registers[Self.lcrRegister]
        let parity: UARTParity
        if lcr & 0x08 == 0 {
            parity = .none
        } else {
            switch lcr & 0x30 {
            case 0x00: parity = .odd
            case 0x10: parity = .even
            case 0x20: parity = .mark
            default: parity = .space
            }
        }
        return UARTLineCoding(
            baudRate: baudRate, dataBits: 5 + Int(lcr & 0x03), parity: parity,
            stopBits: lcr & 0x04 != 0 ? .two : .one)
    }

    var transmitCoding: UARTLineCoding? {
        initialized && registers[Self.lcrRegister] & 0x40 != 0 ? lineCoding : nil
    }

    var receiveCoding: UARTLineCoding? {
        initialized && registers[Self.lcrRegister] & 0x80 != 0 ? lineCoding : nil
    }
}
