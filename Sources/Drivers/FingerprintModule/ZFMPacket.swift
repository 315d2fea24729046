/// The packet identifier (PID) byte of a ZFM packet.
public enum ZFMPacketKind: UInt8, Sendable, Hashable, CustomStringConvertible {
    case command = 0x01
    case data = 0x02
    case acknowledge = 0x07
    case endOfData = 0x08

    public var description: String {
        switch self {
        case .command: "command (01)"
        case .data: "data (02)"
        case .acknowledge: "acknowledge (07)"
        case .endOfData: "end of data (08)"
        }
    }
}

/// One ZFM packet: `EF 01 | ADDR(4) | PID | LEN(2) | PAYLOAD | SUM(2)`, all big-endian.
public struct ZFMPacket: Sendable, Hashable {
    /// The two start bytes of every packet.
    public static let header: [UInt8] = [0xEF, 0x01]
    /// The factory address every module answers to.
    public static let defaultAddress: UInt32 = 0xFFFF_FFFF
    /// Largest payload a packet carries (a 256-byte data packet).
    public static let maxPayloadLength = 256
    /// Bytes before the payload: header, address, PID, LEN.
    public static let prefixLength = 9
    /// Values the LEN field may take: payload 1...256 bytes plus the 2-byte checksum.
    public static let allowedLengthField: ClosedRange<Int> = 3...(maxPayloadLength + 2)

    /// Module address (ADDR).
    public var address: UInt32
    /// Packet identifier (PID).
    public var kind: ZFMPacketKind
    /// Instruction and parameters, confirmation and reply, or data; 1-256 bytes.
    public var payload: [UInt8]

    /// A packet to or from `address`.
    public init(address: UInt32 = ZFMPacket.defaultAddress, kind: ZFMPacketKind, payload: [UInt8]) {
        self.address = address
        self.kind = kind
        self.payload = payload
    }

    /// The LEN field: payload length plus the checksum's two bytes.
    public var lengthField: UInt16 { UInt16(truncatingIfNeeded: payload.count + 2) }

    /// The checksum this packet carries.
    public var checksum: UInt16 { Self.checksum(pid: kind.rawValue, lengthField: lengthField, payload: payload) }

    /// `(PID + LEN_hi + LEN_lo + sum(payload)) & 0xFFFF`; header and address are excluded.
    public static func checksum(pid: UInt8, lengthField: UInt16, payload: some Sequence<UInt8>) -> UInt16 {
        var sum = UInt32(pid) + UInt32(lengthField >> 8) + UInt32(lengthField & 0xFF)
        for byte in payload { sum &+= UInt32(byte) }
        return UInt16(truncatingIfNeeded: sum)
    }

    /// The packet's bytes on the wire.
    public func encoded() -> [UInt8] {
        var bytes = Self.header
        bytes.reserveCapacity(Self.prefixLength + payload.count + 2)
        bytes.appendBigEndian(address)
        bytes.append(kind.rawValue)
        bytes.appendBigEndian(lengthField)
        bytes += payload
        bytes.appendBigEndian(checksum)
        return bytes
    }

    /// Decodes exactly one complete packet; throws `.truncated` when bytes are missing.
    public static func decode(_ bytes: [UInt8], expectedAddress: UInt32? = defaultAddress) throws(ZFMError) -> ZFMPacket
    {
        var decoder = ZFMPacketDecoder(expectedAddress: expectedAddress)
        decoder.feed(bytes)
        if let packet = try decoder.nextPacket() {
            if decoder.pendingByteCount > 0 {
                throw .trailingBytes(count: decoder.pendingByteCount)
            }
            return packet
        }
        throw .truncated(
            expectedBytes: decoder.expectedLengthOfPendingPacket ?? (prefixLength + 3),
            receivedBytes: bytes.count)
    }
}

extension Array where Element == UInt8 {
    mutating func appendBigEndian(_ value: UInt16) {
        append(UInt8(value >> 8))
        append(UInt8(value & 0xFF))
    }

    mutating func appendBigEndian(_ value: UInt32) {
        append(UInt8(value >> 24))
        append(UInt8((value >> 16) & 0xFF))
        append(UInt8((value >> 8) & 0xFF))
        append(UInt8(value & 0xFF))
    }
}

/// Big-endian reads from byte slices; callers check lengths first.
enum BigEndian {
    static func u16(_ bytes: some Collection<UInt8>, at offset: Int) -> UInt16 {
        let start = bytes.index(bytes.startIndex, offsetBy: offset)
        let next = bytes.index(after: start)
        return UInt16(bytes[start]) << 8 | UInt16(bytes[next])
    }

    static func u32(_ bytes: some Collection<UInt8>, at offset: Int) -> UInt32 {
        UInt32(u16(bytes, at: offset)) << 16 | UInt32(u16(bytes, at: offset + 2))
    }
}
