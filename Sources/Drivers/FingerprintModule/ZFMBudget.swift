/// The limits the driver puts on what arrives from a module, one owner for each. A module (or whatever sits
/// on its link) that exceeds one gets a specific `ZFMError` naming it, never a hang or unbounded memory.
/// The largest packet is the protocol's own limit, `ZFMPacket.allowedLengthField`.
public struct ZFMBudget: Sendable, Hashable {
    /// Bytes without a packet header skipped while one packet is awaited (`.resyncBudgetExceeded`).
    public var maxResyncBytes: Int
    /// Data and end packets one upload (UpImage, UpChar) may take; also how many stale data packets of an
    /// earlier upload are skipped while an acknowledge is awaited (`.transferBudgetExceeded`).
    public var maxDataPackets: Int
    /// Payload bytes one upload may take (`.transferBudgetExceeded`).
    public var maxTransferBytes: Int
    /// Reads the stale-input drain before a command may make while bytes keep arriving (`.inputFlood`).
    public var maxDrainReads: Int
    /// Bytes the stale-input drain may discard before a command (`.inputFlood`).
    public var maxDrainBytes: Int

    /// A budget with the given limits (each at least 1).
    public init(
        maxResyncBytes: Int, maxDataPackets: Int, maxTransferBytes: Int, maxDrainReads: Int, maxDrainBytes: Int
    ) {
        self.maxResyncBytes = max(1, maxResyncBytes)
        self.maxDataPackets = max(1, maxDataPackets)
        self.maxTransferBytes = max(1, maxTransferBytes)
        self.maxDrainReads = max(1, maxDrainReads)
        self.maxDrainBytes = max(1, maxDrainBytes)
    }

    /// The largest legitimate upload, an 8-bit image in the smallest (32-byte) data packets, fits exactly;
    /// 4 KiB of noise between two packets is far more than a UART glitch or the tail of an interrupted packet;
    /// the drain may discard two full inboxes (what a stopped flood leaves behind) in up to 64 reads.
    public static let `default` = ZFMBudget(
        maxResyncBytes: 4096,
        maxDataPackets: ZFMImage.pixelCount / ZFMSystemParameters.packetSize(code: 0),
        maxTransferBytes: ZFMImage.pixelCount,
        maxDrainReads: 64,
        maxDrainBytes: 2 * ByteInboxBudget.default.maxBufferedBytes)
}
