import Biometrics
import Foundation
import GRDB

extension TerminalStore {
    /// Rows of cloud operations whose 60 s window is still open at `now`, oldest first (send these at
    /// once after a restart, with their `oper_id`).
    public func pendingWithOperID(now: Date) throws -> [OutboxEntry] {
        try writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM outbox WHERE oper_id IS NOT NULL AND oper_deadline > ? ORDER BY id",
                arguments: [now.storeValue]
            ).map(Self.decodeOutbox)
        }
    }

    /// Rows due at `now` (`next_attempt_at <= now`) as upload batches, oldest first. A row whose
    /// operation window is still open gets a batch of its own operation (with `operID`); all other
    /// rows go without `oper_id`, grouped so that one batch covers at most `maxUsers` users and all
    /// due rows of a user share one batch.
    public func dueForRepush(now: Date, maxUsers: Int = TerminalStore.maxUsersPerUpload) throws -> [OutboxBatch] {
        try Validate.limit(maxUsers, field: "maxUsers", max: Self.maxUsersPerUpload)
        let due = try writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM outbox WHERE next_attempt_at <= ? ORDER BY id", arguments: [now.storeValue]
            ).map(Self.decodeOutbox)
        }
        return OutboxBatcher(maxUsers: maxUsers).batches(of: due, now: now)
    }

    /// Deletes the rows with these ids (the cloud answered `errcode` 0 for them); returns how many existed.
    @discardableResult
    public func acknowledge(_ ids: some Sequence<OutboxID>) throws -> Int {
        let ids = Array(ids)
        guard !ids.isEmpty else { return 0 }
        return try writer.write { db in
            var deleted = 0
            for id in ids {
                try db.execute(sql: "DELETE FROM outbox WHERE id = ?", arguments: [id.rawValue])
                deleted += db.changesCount
            }
            return deleted
        }
    }

    /// Counts a failed attempt for each row and moves its `next_attempt_at` to `now` plus the
    /// back-off for its new attempt count; returns how many rows existed.
    @discardableResult
    public func scheduleRetry(
        _ ids: some Sequence<OutboxID>, now: Date, backoff: RetryBackoff = .standard
    ) throws -> Int {
        let ids = Array(ids)
        guard !ids.isEmpty else { return 0 }
        return try writer.write { db in
            var updated = 0
            for id in ids {
                guard
                    let attempts = try Int.fetchOne(
                        db, sql: "SELECT attempts FROM outbox WHERE id = ?", arguments: [id.rawValue])
                else { continue }
                let next = now.addingTimeInterval(backoff.delay(afterAttempts: attempts + 1))
                try db.execute(
                    sql: "UPDATE outbox SET attempts = ?, next_attempt_at = ? WHERE id = ?",
                    arguments: [attempts + 1, next.storeValue, id.rawValue])
                updated += 1
            }
            return updated
        }
    }

    /// Number of rows waiting for the cloud.
    public func outboxCount() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0 }
    }

    /// Up to `limit` rows with ids above `after`, oldest first (for the operator CLI).
    public func listOutbox(after: OutboxID? = nil, limit: Int = 100) throws -> [OutboxEntry] {
        try Validate.limit(limit)
        return try writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM outbox WHERE id > ? ORDER BY id LIMIT ?",
                arguments: [after?.rawValue ?? 0, limit]
            ).map(Self.decodeOutbox)
        }
    }

    static func decodeOutbox(_ row: Row) throws -> OutboxEntry {
        let reader = RowReader(row: row, table: "outbox")
        let operation: PushedOperation? =
            if let operID = reader.optionalString("oper_id"), let receivedAt = reader.optionalDate("received_at") {
                PushedOperation(operID: operID, receivedAt: receivedAt)
            } else {
                nil
            }
        return OutboxEntry(
            id: OutboxID(row["id"]), userid: try reader.userID(), userType: try reader.userType(),
            slot: try reader.slot(), algorithm: AlgorithmID(reader.string("algorithm")), data: reader.data("data"),
            operation: operation, attempts: reader.int("attempts"), nextAttemptAt: reader.date("next_attempt_at"),
            createdAt: reader.date("created_at"))
    }
}
