/// The limits on an ISO/IEC 19794-2 record, one owner for each: the reader refuses a record beyond them
/// before it builds anything, and the writer never produces one (so every record we write is one we read).
public struct ISORecordBudget: Sendable, Hashable {
    /// Bytes of input: the record and any padding after it.
    public var maxRecordBytes: Int
    /// Finger views in one record.
    public var maxViews: Int
    /// Minutiae in all views together; the work of preparing and matching a record grows with it.
    public var maxMinutiae: Int

    /// A budget with the given limits.
    public init(maxRecordBytes: Int, maxViews: Int, maxMinutiae: Int) {
        self.maxRecordBytes = maxRecordBytes
        self.maxViews = maxViews
        self.maxMinutiae = maxMinutiae
    }

    /// 64 KiB, 16 views (one per press; enrollment takes at most 5), 2,048 minutiae (16 views of 128; a
    /// press yields 20-120). The format itself allows 255 views of 255 minutiae, 391,704 bytes and more with
    /// extended data, far beyond what any enrollment produces.
    public static let `default` = ISORecordBudget(maxRecordBytes: 64 * 1024, maxViews: 16, maxMinutiae: 2048)
}
