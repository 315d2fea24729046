/// Streaming packet decoder: feed it arbitrary chunks, take packets out as they complete.
/// Bytes before an `EF 01` header are skipped, at most `maxResyncBytes` in a row (more is reported once as
/// `.resyncBudgetExceeded`); a bad packet is dropped and reported once, after which decoding continues with
/// the bytes that follow it.
public struct ZFMPacketDecoder: Sendable {
    /// Packets from any other address are dropped with `.wrongAddress`; nil accepts every address.
    public var expectedAddress: UInt32?
    /// Bytes without a header skipped in a row before `nextPacket` reports `.resyncBudgetExceeded`.
    public let maxResyncBytes: Int
    private var buffer: [UInt8] = []
    private var start = 0
    /// Bytes skipped since the last header (packet or bad packet) was found.
    private var skippedSinceHeader = 0
    /// Bytes skipped so far while looking for a header.
    public private(set) var discardedByteCount = 0

    /// A decoder accepting packets from `expectedAddress` (nil: any), skipping at most `maxResyncBytes`
    /// (default: `ZFMBudget.default`) bytes of noise in a row.
    public init(
        expectedAddress: UInt32? = ZFMPacket.defaultAddress, maxResyncBytes: Int = ZFMBudget.default.maxResyncBytes
    ) {
        self.expectedAddress = expectedAddress
        self.maxResyncBytes = max(1, maxResyncBytes)
    }

    /// Bytes received but not yet returned as a packet.
    public var pendingByteCount: Int { buffer.count - start }

    /// Size of the packet now being received, once its header and LEN have arrived.
    public var expectedLengthOfPendingPacket: Int? {
        guard pendingByteCount >= ZFMPacket.prefixLength, buffer[start] == 0xEF, buffer[start + 1] == 0x01 else {
            return nil
        }
        return ZFMPacket.prefixLength + Int(BigEndian.u16(buffer, at: start + 7))
    }

    /// Appends received bytes.
    public mutating func feed(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// Drops everything received so far.
    public mutating func reset() {
        buffer.removeAll(keepingCapacity: true)
        start = 0
        skippedSinceHeader = 0
    }

    /// The next complete packet, nil when more bytes are needed; throws (once) for a bad packet or for more
    /// than `maxResyncBytes` bytes of noise in a row.
    public mutating func nextPacket() throws(ZFMError) -> ZFMPacket? {
        defer { compact() }
        skipToHeader()
        if skippedSinceHeader > maxResyncBytes {
            defer { skippedSinceHeader = 0 }
            throw .resyncBudgetExceeded(skippedBytes: skippedSinceHeader, budget: maxResyncBytes)
        }
        guard pendingByteCount >= ZFMPacket.prefixLength else { return nil }
        skippedSinceHeader = 0

        let pid = buffer[start + 6]
        let lengthField = Int(BigEndian.u16(buffer, at: start + 7))
        guard let kind = ZFMPacketKind(rawValue: pid) else {
            start += 1
            throw .unknownPacketIdentifier(pid)
        }
        guard ZFMPacket.allowedLengthField.contains(lengthField) else {
            start += 1
            throw .impossibleLength(received: lengthField, allowed: ZFMPacket.allowedLengthField)
        }
        let total = ZFMPacket.prefixLength + lengthField
        guard pendingByteCount >= total else { return nil }

        let address = BigEndian.u32(buffer, at: start + 2)
        let payloadStart = start + ZFMPacket.prefixLength
        let payloadEnd = payloadStart + lengthField - 2
        let payload = Array(buffer[payloadStart..<payloadEnd])
        let received = BigEndian.u16(buffer, at: payloadEnd)
        let expected = ZFMPacket.checksum(pid: pid, lengthField: UInt16(lengthField), payload: payload)
        start += total
        guard received == expected else {
            throw .badChecksum(expected: expected, received: received)
        }
        if let expectedAddress, address != expectedAddress {
            throw .wrongAddress(expected: expectedAddress, received: address)
        }
        return ZFMPacket(address: address, kind: kind, payload: payload)
    }

    /// Skips to the next `EF 01` (or a trailing `EF`), stopping once more than the budget was skipped.
    private mutating func skipToHeader() {
        while start < buffer.count, skippedSinceHeader <= maxResyncBytes {
            if buffer[start] == 0xEF, start + 1 == buffer.count || buffer[start + 1] == 0x01 { return }
            start += 1
            skippedSinceHeader += 1
            discardedByteCount &+= 1
        }
    }

    /// Frees consumed bytes; the count of bytes skipped since the last header survives (noise fed in many
    /// small chunks still adds up against the budget).
    private mutating func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 4096 {
            buffer.removeFirst(start)
            start = 0
        }
    }
}
