/// A control transfer on endpoint 0: the setup packet plus OUT data or an IN length.
public struct USBControlRequest: Sendable, Hashable, CustomStringConvertible {
    /// bmRequestType (direction, type, recipient).
    public var requestType: UInt8
    /// bRequest.
    public var request: UInt8
    /// wValue.
    public var value: UInt16
    /// wIndex.
    public var index: UInt16
    /// Data sent in the data stage (host-to-device requests).
    public var data: [UInt8]
    /// Bytes expected in the data stage (device-to-host requests).
    public var readLength: Int

    /// bmRequestType for a vendor request to the device, host-to-device.
    public static let vendorToDevice: UInt8 = 0x40
    /// bmRequestType for a vendor request from the device, device-to-host.
    public static let vendorFromDevice: UInt8 = 0xC0
    /// bmRequestType for a vendor request to an interface, host-to-device.
    public static let vendorToInterface: UInt8 = 0x41

    /// Makes a request; pass `data` for OUT requests, `readLength` for IN requests.
    public init(
        requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, data: [UInt8] = [], readLength: Int = 0
    ) {
        self.requestType = requestType
        self.request = request
        self.value = value
        self.index = index
        self.data = data
        self.readLength = readLength
    }

    /// Whether the data stage flows device-to-host.
    public var isDeviceToHost: Bool { requestType & 0x80 != 0 }

    /// wLength of the setup packet.
    public var length: Int { isDeviceToHost ? readLength : data.count }

    /// The 8-byte setup packet (little-endian fields).
    public var setupPacket: [UInt8] {
        let length = UInt16(clamping: self.length)
        return [
            requestType, request, UInt8(value & 0xFF), UInt8(value >> 8), UInt8(index & 0xFF), UInt8(index >> 8),
            UInt8(length & 0xFF), UInt8(length >> 8),
        ]
    }

    public var description: String {
        func hex(_ v: some BinaryInteger, _ width: Int) -> String {
            let digits = String(v, radix: 16)
            return "0x" + String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let stage = isDeviceToHost ? "read \(readLength)" : "data \(data.map { hex($0, 2) }.joined(separator: " "))"
        return "control(type \(hex(requestType, 2)), request \(hex(request, 2)), value \(hex(value, 4)), "
            + "index \(hex(index, 4)), \(stage))"
    }
}
