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

    /// Parses the 16 parameter bytes (the ack payload after the confirmation code). The writable parameters
    /// must hold a value SetSysPara accepts (`ZFMSystemParameter.allowedValues`): a module reporting another
    /// packet size code, security level or baud multiplier is answered with `.malformedReply` naming it.
    public init(parsing bytes: some Collection<UInt8>) throws(ZFMError) {
        guard bytes.count == Self.encodedLength else {
            throw .malformedReply(.readSysPara, field: "parameters", expected: "16 bytes, got \(bytes.count)")
        }
        self.init(
            statusRegister: BigEndian.u16(bytes, at: 0),
            systemID: BigEndian.u16(bytes, at: 2),
            librarySize: Int(BigEndian.u16(bytes, at: 4)),
            securityLevel: try Self.writable(.securityLevel, BigEndian.u16(bytes, at: 6), field: "security level"),
            address: BigEndian.u32(bytes, at: 8),
            packetSizeCode: try Self.writable(.packetSize, BigEndian.u16(bytes, at: 12), field: "packet size code"),
            baudMultiplier: try Self.writable(.baudRate, BigEndian.u16(bytes, at: 14), field: "baud multiplier"))
    }

    private static func writable(_ parameter: ZFMSystemParameter, _ value: UInt16, field: String) throws(ZFMError)
        -> Int
    {
        let allowed = parameter.allowedValues
        guard let narrow = UInt8(exactly: value), allowed.contains(narrow) else {
            throw .malformedReply(
                .readSysPara, field: field, expected: "\(allowed.lowerBound)-\(allowed.upperBound), got \(value)")
        }
        return Int(narrow)
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
