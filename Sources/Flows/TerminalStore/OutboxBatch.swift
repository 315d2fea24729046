import Biometrics

/// Outbox rows for one `upload_userinfo`: either the result of one cloud operation still inside its
/// window (`operID` set), or a re-push of rows of at most 200 users without `oper_id`.
public struct OutboxBatch: Hashable, Sendable {
    /// The `oper_id` to send with this batch, or nil for a plain re-push.
    public let operID: String?
    /// Rows oldest first; every row of a user is in the same batch.
    public let entries: [OutboxEntry]

    public init(operID: String?, entries: [OutboxEntry]) {
        self.operID = operID
        self.entries = entries
    }

    /// Every row id in the batch: acknowledge all of them when the cloud accepts the batch.
    public var ids: [OutboxID] { entries.map(\.id) }

    /// Distinct users in first-appearance order.
    public var userids: [UserID] {
        var seen = Set<UserID>()
        return entries.compactMap { seen.insert($0.userid).inserted ? $0.userid : nil }
    }

    /// The newest row per (user, slot), in row order: what to actually send when a slot was
    /// re-enrolled before its older row was delivered.
    public var latestPerSlot: [OutboxEntry] {
        struct Key: Hashable {
            let userid: UserID
            let slot: SlotID
        }
        var newest: [Key: OutboxID] = [:]
        for entry in entries {
            let key = Key(userid: entry.userid, slot: entry.slot)
            newest[key] = max(newest[key] ?? entry.id, entry.id)
        }
        return entries.filter { newest[Key(userid: $0.userid, slot: $0.slot)] == $0.id }
    }

    /// Ids of the rows whose user is in `userids` (map a `fail_list` to the rows to retry).
    public func ids(forUsers userids: Set<UserID>) -> [OutboxID] {
        entries.filter { userids.contains($0.userid) }.map(\.id)
    }
}
