/// The 8-byte SETUP packet of a control transfer.
public struct USBSetupPacket: Sendable, Hashable, CustomStringConvertible {
    /// bmRequestType (bit 7 = device-to-host, bits 5-6 type, bits 0-4 recipient).
    public var requestType: UInt8
    /// bRequest.
    public var request: UInt8
    /// wValue.
    public var value: UInt16
    /// wIndex.
    public var index: UInt16
    /// wLength.
    public var length: UInt16

    /// A setup packet.
    public init(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, length: UInt16) {
        self.requestType = requestType
        self.request = request
        self.value = value
        self.index = index
        self.length = length
    }

    /// Decodes the first 8 bytes of a control URB buffer.
    public init?(bytes: some Collection<UInt8>) {
        let b = Array(bytes.prefix(8))
        guard b.count == 8 else { return nil }
        self.init(
            requestType: b[0], request: b[1], value: UInt16(b[2]) | UInt16(b[3]) << 8,
            index: UInt16(b[4]) | UInt16(b[5]) << 8, length: UInt16(b[6]) | UInt16(b[7]) << 8)
    }

    /// Device-to-host (IN data stage).
    public var isIn: Bool { requestType & 0x80 != 0 }
    /// Standard (0), class (1) or vendor (2) request.
    package var kind: UInt8 { (requestType >> 5) & 0x03 }
    /// A standard (USB chapter 9) request such as GET_DESCRIPTOR.
    public var isStandardRequest: Bool { kind == 0 }
    package var isStandard: Bool { isStandardRequest }
    /// A vendor request (a bridge chip's own).
    public var isVendor: Bool { kind == 2 }

    public var description: String {
        func hex(_ value: some BinaryInteger, _ digits: Int) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: max(0, digits - text.count)) + text
        }
        return
            "\(hex(requestType, 2)) \(hex(request, 2)) value=\(hex(value, 4)) index=\(hex(index, 4)) length=\(length)"
    }
}

/// A control request the simulated device received, with what it did about it.
public struct USBControlRequestRecord: Sendable, Hashable, CustomStringConvertible {
    /// The SETUP packet.
    public var setup: USBSetupPacket
    /// Bytes of an OUT data stage.
    public var outData: [UInt8]
    /// Bytes answered in an IN data stage.
    public var inData: [UInt8]
    /// True when the device stalled the request.
    public var stalled: Bool

    /// A record of `setup` and what was answered.
    public init(setup: USBSetupPacket, outData: [UInt8], inData: [UInt8], stalled: Bool) {
        self.setup = setup
        self.outData = outData
        self.inData = inData
        self.stalled = stalled
    }

    public var description: String {
        var text = setup.description
        if !outData.isEmpty { text += " out=\(outData.hexString)" }
        if !inData.isEmpty { text += " in=\(inData.hexString)" }
        if stalled { text += " STALL" }
        return text
    }
}

/// How a device answers a control request.
public enum ControlReply: Sendable, Hashable {
    /// Success; IN requests return these bytes (truncated to wLength).
    case ack([UInt8] = [])
    /// The request is not supported: STALL on the control pipe (-EPIPE).
    case stall
}
