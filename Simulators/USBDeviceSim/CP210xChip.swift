import FingerprintModuleSim

/// A CP2102 serial bridge driven by Silicon Labs' interface requests (bmRequestType 0x41 / 0xC1):
/// the UART is off until IFC_ENABLE(1); SET_BAUDRATE / SET_BAUDDIV and SET_LINE_CTL configure it.
/// Unsupported requests stall, as on the real chip.
struct CP210xChip: UARTBridgeChip {
    static let ifcEnable: UInt8 = 0x00
    static let setBaudDivisor: UInt8 = 0x01
    static let getBaudDivisor: UInt8 = 0x02
    static let setLineControl: UInt8 = 0x03
    static let getLineControl: UInt8 = 0x04
    static let setBreak: UInt8 = 0x05
    static let immediateChar: UInt8 = 0x06
    static let setModemHandshake: UInt8 = 0x07
    static let getModemStatus: UInt8 = 0x08
    static let setXon: UInt8 = 0x09
    static let setXoff: UInt8 = 0x0A
    static let setEventMask: UInt8 = 0x0B
    static let getEventMask: UInt8 = 0x0C
    static let setChar: UInt8 = 0x0D
    static let getChars: UInt8 = 0x0E
    static let getProperties: UInt8 = 0x0F
    static let getCommStatus: UInt8 = 0x10
    static let reset: UInt8 = 0x11
    static let purge: UInt8 = 0x12
    static let setFlow: UInt8 = 0x13
    static let getFlow: UInt8 = 0x14
    static let setChars: UInt8 = 0x19
    static let getBaudRate: UInt8 = 0x1D
    static let setBaudRate: UInt8 = 0x1E
    static let vendorSpecific: UInt8 = 0xFF
    /// VENDOR_SPECIFIC wValue that reads the part number (0x02 = CP2102).
    static let getPartNumber: UInt16 = 0x370B
    /// The baud generator's base clock for SET_BAUDDIV.
    static let baudDivisorClock = 3_686_400

    private(set) var enabled = false
    private(set) var baudRate: UInt32 = 9600
    /// SET_LINE_CTL word: bits 0-3 stop bits, 4-7 parity, 8-15 data bits.
    private(set) var lineControl: UInt16 = 0x0800
    private(set) var modemHandshake: UInt16 = 0
    private(set) var eventMask: UInt16 = 0
    private(set) var flowControl: [UInt8] = [0x01, 0, 0, 0, 0x40, 0, 0, 0, 0x80, 0, 0, 0, 0x80, 0, 0, 0]
    private(set) var specialChars: [UInt8] = [0x00, 0x00, 0x00, 0x00, 0x11, 0x13]
    /// Bytes waiting in the receive FIFO (GET_COMM_STATUS reports the count).
    var receiveQueueLength = 0

    mutating func control(_ setup: USBSetupPacket, outData: [UInt8]) -> ControlReply {
        if setup.request == Self.vendorSpecific {
            return setup.isIn && setup.value == Self.getPartNumber ? .ack([0x02]) : .stall
        }
        guard setup.isVendor, setup.requestType & 0x1F == 0x01 else { return .stall }
        if setup.isIn {
            return read(setup.request)
        }
        return write(setup.request, value: setup.value, data: outData)
    }

    private func read(_ request: UInt8) -> ControlReply {
        var bytes: [UInt8] = []
        switch request {
        case Self.getBaudDivisor:
            bytes.appendLittleEndian(UInt16(clamping: Self.baudDivisorClock / max(1, Int(baudRate))))
        case Self.getLineControl:
            bytes.appendLittleEndian(lineControl)
        case Self.getModemStatus:
            bytes = [UInt8(modemHandshake & 0x03)]
        case Self.getEventMask:
            bytes.appendLittleEndian(eventMask)
        case Self.getChars:
            bytes = specialChars
        case Self.getFlow:
            bytes = flowControl
        case Self.getBaudRate:
            bytes.appendLittleEndian(baudRate)
        case Self.getCommStatus:
            bytes.appendLittleEndian(UInt32(0))  // errors
            bytes.appendLittleEndian(UInt32(0))  // hold reasons
            bytes.appendLittleEndian(UInt32(receiveQueueLength))
            bytes.appendLittleEndian(UInt32(0))  // transmit queue
            bytes += [0, 0, 0]
        case Self.getProperties:
            bytes.appendLittleEndian(UInt16(66))  // wLength
            bytes.appendLittleEndian(UInt16(0x0100))  // bcdVersion
            bytes.appendLittleEndian(UInt32(1))  // service mask
            bytes.appendLittleEndian(UInt32(0))
            bytes.appendLittleEndian(UInt32(640))  // max TX queue
            bytes.appendLittleEndian(UInt32(576))  // max RX queue
            bytes.appendLittleEndian(UInt32(921_600))  // max baud
            bytes += Array(repeating: 0, count: 66 - bytes.count)
        default:
            return .stall
        }
        return .ack(bytes)
    }

    private mutating func write(_ request: UInt8, value: UInt16, data: [UInt8]) -> ControlReply {
        switch request {
        case Self.ifcEnable:
            enabled = value & 0x0001 != 0
        case Self.setBaudDivisor:
            guard value > 0 else { return .stall }
            baudRate = UInt32(Self.baudDivisorClock / Int(value))
        case Self.setLineControl:
            guard Self.decodeLineControl(value, baudRate: 0) != nil else { return .stall }
            lineControl = value
        case Self.setModemHandshake:
            // High byte: which of DTR (bit 0) / RTS (bit 1) to change; low byte: their new state.
            let mask = (value >> 8) & 0x03
            modemHandshake = (modemHandshake & ~mask) | (value & mask)
        case Self.setEventMask:
            eventMask = value
        case Self.setFlow:
            guard data.count == 16 else { return .stall }
            flowControl = data
        case Self.setChars:
            guard data.count == 6 else { return .stall }
            specialChars = data
        case Self.setBaudRate:
            guard data.count == 4 else { return .stall }
            let rate = UInt32(data[0]) | UInt32(data[1]) << 8 | UInt32(data[2]) << 16 | UInt32(data[3]) << 24
            guard rate > 0 else { return .stall }
            baudRate = rate
        case Self.purge:
            if value & 0x0A != 0 { receiveQueueLength = 0 }
        case Self.setBreak, Self.immediateChar, Self.setXon, Self.setXoff, Self.setChar, Self.reset:
            break
        default:
            return .stall
        }
        return .ack()
    }

    /// The line coding a SET_LINE_CTL word describes, nil when a field is out of range.
    static func decodeLineControl(_ word: UInt16, baudRate: Int) -> UARTLineCoding? {
        let stop: UARTStopBits
        switch word & 0x0F {
        case 0: stop = .one
        case 1: stop = .onePointFive
        case 2: stop = .two
        default: return nil
        }
        let parity: UARTParity
        switch (word >> 4) & 0x0F {
        case 0: parity = .none
        case 1: parity = .odd
        case 2: parity = .even
        case 3: parity = .mark
        case 4: parity = .space
        default: return nil
        }
        let dataBits = Int(word >> 8)
        guard (5...8).contains(dataBits) else { return nil }
        return UARTLineCoding(baudRate: baudRate, dataBits: dataBits, parity: parity, stopBits: stop)
    }

    var lineCoding: UARTLineCoding {
        Self.decodeLineControl(lineControl, baudRate: Int(baudRate))
            ?? UARTLineCoding(baudRate: Int(baudRate))
    }

    var transmitCoding: UARTLineCoding? { enabled ? lineCoding : nil }
    var receiveCoding: UARTLineCoding? { enabled ? lineCoding : nil }
}
