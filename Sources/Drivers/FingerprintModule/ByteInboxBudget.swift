/// How many received bytes a `ByteInbox` keeps while nobody reads them.
public struct ByteInboxBudget: Sendable, Hashable {
    /// Most bytes buffered at once; more fail the next read with `ByteLinkError.overflow`.
    public var maxBufferedBytes: Int

    /// A budget of `maxBufferedBytes` (at least 1).
    public init(maxBufferedBytes: Int) {
        self.maxBufferedBytes = max(1, maxBufferedBytes)
    }

    /// 256 KiB: more than twice the largest burst a module sends (an 8-bit image in 32-byte data packets,
    /// 99,072 bytes on the wire), so a reader that falls behind during an upload never loses bytes.
    public static let `default` = ByteInboxBudget(maxBufferedBytes: 256 * 1024)
}
