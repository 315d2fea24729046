/// One of the module's two character-file buffers.
public enum ZFMCharBuffer: UInt8, Sendable, Hashable, CaseIterable {
    case one = 1
    case two = 2
}

/// Writable system parameters (SetSysPara register numbers).
public enum ZFMSystemParameter: UInt8, Sendable, Hashable, CaseIterable {
    /// Baud rate as a multiple of 9600, 1-12.
    case baudRate = 4
    /// Matching strictness, 1-5.
    case securityLevel = 5
    /// Data packet size code 0-3 (32, 64, 128, 256 bytes).
    case packetSize = 6

    /// Values the module accepts for this parameter.
    public var allowedValues: ClosedRange<UInt8> {
        switch self {
        case .baudRate: 1...12
        case .securityLevel: 1...5
        case .packetSize: 0...3
        }
    }
}

/// The 16 bytes ReadSysPara returns.
public struct ZFMSystemParameters: Sendable, Hashable {
    /// Byte count of the encoded form.
    public static let encodedLength = 16

    /// Status register: bit 0 busy, 1 pass, 2 password verified, 3 image buffer valid.
    public var statusRegister: UInt16
    /// System identifier code.
    public var systemID: UInt16
    /// Number of template pages in the flash library.
    public var librarySize: Int
    /// 1 (lenient) to 5 (strict).
    public var securityLevel: Int
    /// The module's address.
    public var address: UInt32
    /// 0-3: data packets carry 32, 64, 128 or 256 bytes.
    public var packetSizeCode: Int
    /// Baud rate divided by 9600.
    public var baudMultiplier: Int

    /// Parameters from their values.
    public init(
        statusRegister: UInt16, systemID: UInt16, librarySize: Int, securityLevel: Int,
        address: UInt32, packetSizeCode: Int, baudMultiplier: Int
    ) {
        self.statusRegister = statusRegister
        self.systemID = systemID
        self.librarySize = librarySize
        self.securityLevel = securityLevel
        self.address = address
        self.packetSizeCode = packetSizeCode
        self.baudMultiplier = baudMultiplier
    }

    /// Parses the 16 parameter bytes (the ack payload after the confirmation code).
    public init(parsing bytes: some Collection<UInt8>) throws(ZFMError) {
        guard bytes.count == Self.encodedLength else {
            throw .malformedReply(.readSysPara, field: "parameters", expected: "16 bytes, got \(bytes.count)")
        }
        let code = Int(BigEndian.u16(bytes, at: 12))
        guard ZFMSystemParameter.packetSize.allowedValues.contains(UInt8(clamping: code)) else {
            throw .malformedReply(.readSysPara, field: "packet size code", expected: "0-3, got \(code)")
        }
        self.init(
            statusRegister: BigEndian.u16(bytes, at: 0),
            systemID: BigEndian.u16(bytes, at: 2),
            librarySize: Int(BigEndian.u16(bytes, at: 4)),
            securityLevel: Int(BigEndian.u16(bytes, at: 6)),
            address: BigEndian.u32(bytes, at: 8),
            packetSizeCode: code,
            baudMultiplier: Int(BigEndian.u16(bytes, at: 14)))
    }

    /// Payload bytes of a data packet.
    public var packetSize: Int { Self.packetSize(code: packetSizeCode) }
    /// Baud rate in bits per second.
    public var baudRate: Int { baudMultiplier * 9600 }

    /// Data packet payload size for a packet size code (0-3).
    public static func packetSize(code: Int) -> Int { 32 << min(max(code, 0), 3) }

    /// The 16 bytes as the module sends them.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.appendBigEndian(statusRegister)
        bytes.appendBigEndian(systemID)
        bytes.appendBigEndian(UInt16(clamping: librarySize))
        bytes.appendBigEndian(UInt16(clamping: securityLevel))
        bytes.appendBigEndian(address)
        bytes.appendBigEndian(UInt16(clamping: packetSizeCode))
        bytes.appendBigEndian(UInt16(clamping: baudMultiplier))
        return bytes
    }
}
