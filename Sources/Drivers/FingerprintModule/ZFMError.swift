/// Everything that can go wrong talking to a ZFM module; each case names what was expected.
public enum ZFMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A packet's SUM field did not match its contents.
    case badChecksum(expected: UInt16, received: UInt16)
    /// A packet came from (or was sent to) another module address.
    case wrongAddress(expected: UInt32, received: UInt32)
    /// The LEN field is outside what any packet can carry.
    case impossibleLength(received: Int, allowed: ClosedRange<Int>)
    /// The PID byte is not 01, 02, 07 or 08.
    case unknownPacketIdentifier(UInt8)
    /// A packet stopped before its announced length.
    case truncated(expectedBytes: Int, receivedBytes: Int)
    /// Bytes followed a complete packet where exactly one packet was expected.
    case trailingBytes(count: Int)
    /// The module did not answer an instruction in time.
    case timeout(ZFMInstruction, after: Duration)
    /// The module answered an instruction with a non-OK confirmation code.
    case rejected(ZFMInstruction, ZFMConfirmationCode)
    /// A packet of the wrong kind arrived.
    case unexpectedPacket(ZFMInstruction, expected: String, received: ZFMPacketKind)
    /// A reply's contents do not have the documented shape.
    case malformedReply(ZFMInstruction, field: String, expected: String)
    /// An argument given to the driver is out of range.
    case invalidArgument(field: String, expected: String)
    /// The byte link failed or was closed.
    case linkFailure(String)
    /// The module does not implement the instruction (it answered 0x01, e.g. AuraLedConfig on a non-R503 module).
    case instructionNotSupported(ZFMInstruction)
    /// More than `budget` bytes without a packet header arrived in a row (`ZFMBudget.maxResyncBytes`).
    case resyncBudgetExceeded(skippedBytes: Int, budget: Int)
    /// An upload went on past `ZFMBudget.maxDataPackets` packets or `maxTransferBytes` bytes without its end
    /// packet, or that many stale data packets arrived before an acknowledge.
    case transferBudgetExceeded(ZFMInstruction, packets: Int, bytes: Int, maxPackets: Int, maxBytes: Int)
    /// Before a command, the link kept delivering stale bytes past the drain's budget (`ZFMBudget.maxDrainReads`,
    /// `maxDrainBytes`); the command was not sent. Once the flood stops the next command drains and runs.
    case inputFlood(ZFMInstruction, reads: Int, discardedBytes: Int, maxReads: Int, maxBytes: Int)
    /// The link's receive buffer overflowed while nobody read (`ByteInboxBudget`); `discardedBytes` were lost.
    case inputOverflow(ZFMInstruction, limit: Int, discardedBytes: Int)

    public var description: String {
        switch self {
        case .badChecksum(let expected, let received):
            "packet checksum: expected 0x\(hex(expected, 4)), got 0x\(hex(received, 4))"
        case .wrongAddress(let expected, let received):
            "packet address: expected 0x\(hex(expected, 8)), got 0x\(hex(received, 8))"
        case .impossibleLength(let received, let allowed):
            "packet LEN field: expected \(allowed.lowerBound)-\(allowed.upperBound), got \(received)"
        case .unknownPacketIdentifier(let pid):
            "packet PID: expected 01, 02, 07 or 08, got \(hex(pid, 2))"
        case .truncated(let expected, let received):
            "packet truncated: expected \(expected) bytes, got \(received)"
        case .trailingBytes(let count):
            "expected exactly one packet, got \(count) bytes after it"
        case .timeout(let instruction, let after):
            "\(instruction.name): no reply within \(after)"
        case .rejected(let instruction, let code):
            "\(instruction.name): module answered \(code)"
        case .unexpectedPacket(let instruction, let expected, let received):
            "\(instruction.name): expected \(expected) packet, got \(received)"
        case .malformedReply(let instruction, let field, let expected):
            "\(instruction.name) reply \(field): expected \(expected)"
        case .invalidArgument(let field, let expected):
            "\(field): expected \(expected)"
        case .linkFailure(let why):
            "link failure: \(why)"
        case .instructionNotSupported(let instruction):
            "\(instruction.name): instruction not supported by this module"
        case .resyncBudgetExceeded(let skipped, let budget):
            "no packet header (EF 01): expected one within \(budget) bytes, skipped \(skipped)"
        case .transferBudgetExceeded(let instruction, let packets, let bytes, let maxPackets, let maxBytes):
            "\(instruction.name) data: expected at most \(maxPackets) packets and \(maxBytes) bytes before the end "
                + "packet, got \(packets) packets and \(bytes) bytes"
        case .inputFlood(let instruction, let reads, let discarded, let maxReads, let maxBytes):
            "\(instruction.name) not sent: the link kept sending stale input (expected it to go quiet within "
                + "\(maxReads) reads and \(maxBytes) bytes, discarded \(discarded) bytes in \(reads) reads)"
        case .inputOverflow(let instruction, let limit, let discarded):
            "\(instruction.name): receive buffer overflow (more than \(limit) bytes unread); \(discarded) bytes lost"
        }
    }

    /// Errors after which repeating an idempotent command may succeed. An impossible LEN or an unknown
    /// packet identifier is most often line noise that happened to contain `EF 01`: the decoder has
    /// already resynchronised past it, and the real reply may be right behind.
    public var isTransient: Bool {
        switch self {
        case .timeout, .badChecksum, .truncated, .inputOverflow, .impossibleLength, .unknownPacketIdentifier: true
        default: false
        }
    }
}

func hex(_ value: some BinaryInteger, _ digits: Int) -> String {
    String(value, radix: 16, uppercase: true).leftPadded(to: digits)
}
