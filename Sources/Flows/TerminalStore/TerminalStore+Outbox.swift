import Biometrics
import Foundation
import GRDB

extension TerminalStore {
    /// Rows not given up whose operation's result window (the enrollment machine's decision) is still
    /// open at `now`, oldest first: send these at once after a restart, with their `oper_id`.
    public func pendingWithOperID(now: Date) throws -> [OutboxEntry] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM outbox WHERE oper_id IS NOT NULL AND oper_deadline > ? AND given_up_at IS NULL
                    ORDER BY id
                    """,
                arguments: [now.storeValue]
            ).map(Self.decodeOutbox)
        }
        .filter { $0.operation?.isOpen(at: now) == true }
    }

    /// Rows due at `now` (`next_attempt_at <= now`, not given up) as upload batches: first one batch per
    /// operation whose result window is still open (so a fresh result never waits behind a backlog),
    /// then re-pushes without `oper_id`, oldest first, grouped so that one batch covers at most
    /// `maxUsers` users and all due rows of a user share one batch.
    public func dueForRepush(now: Date, maxUsers: Int = TerminalStore.maxUsersPerUpload) throws -> [OutboxBatch] {
        try Validate.limit(maxUsers, field: "maxUsers", max: Self.maxUsersPerUpload)
        let due = try writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM outbox WHERE next_attempt_at <= ? AND given_up_at IS NULL ORDER BY id",
                arguments: [now.storeValue]
            ).map(Self.decodeOutbox)
        }
        return OutboxBatcher(maxUsers: maxUsers).batches(of: due, now: now)
    }

    /// Deletes the rows with these ids (the cloud answered `errcode` 0 for them); returns how many existed.
    @discardableResult
    public func acknowledge(_ ids: some Sequence<OutboxID>) throws -> Int {
        let ids = Array(ids)
        guard !ids.isEmpty else { return 0 }
        return try write("the acknowledgement of \(ids.count) outbox rows") { db in
            var deleted = 0
            for id in ids {
                try db.execute(sql: "DELETE FROM outbox WHERE id = ?", arguments: [id.rawValue])
                deleted += db.changesCount
            }
            return deleted
        }
    }

    /// Counts a failed attempt for each row and moves its `next_attempt_at` to `now` plus the
    /// back-off for its new attempt count (the delay is kept too: it bounds the wait read back after a
    /// restart, see `clampSchedules`); `refusal` records the cloud's answer. Returns how many rows existed.
    @discardableResult
    public func scheduleRetry(
        _ ids: some Sequence<OutboxID>, now: Date, backoff: RetryBackoff = .standard, refusal: OutboxRefusal? = nil
    ) throws -> Int {
        let ids = Array(ids)
        guard !ids.isEmpty else { return 0 }
        return try write("a retry of \(ids.count) outbox rows") { db in
            var updated = 0
            for id in ids {
                guard
                    let attempts = try Int.fetchOne(
                        db, sql: "SELECT attempts FROM outbox WHERE id = ?", arguments: [id.rawValue])
                else { continue }
                try Self.retry(id, attempts: attempts, now: now, backoff: backoff, refusal: refusal, db)
                updated += 1
            }
            return updated
        }
    }

    /// Records a refusal for a reason no retry can fix (`refusal` is one of the uploader's permanent
    /// errcodes). A row refused so `giveUpAfter` times is given up (kept, never due again, shown with
    /// the reason); the others back off like `scheduleRetry`. Returns the rows given up now.
    public func recordPermanentRefusal(
        _ ids: some Sequence<OutboxID>, refusal: OutboxRefusal, giveUpAfter: Int, now: Date,
        backoff: RetryBackoff = .standard
    ) throws -> [OutboxEntry] {
        let ids = Array(ids)
        guard !ids.isEmpty else { return [] }
        try Validate.limit(giveUpAfter, field: "giveUpAfter", max: 100)
        return try write("a refusal of \(ids.count) outbox rows") { db in
            var givenUp: [OutboxEntry] = []
            for id in ids {
                guard
                    let row = try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE id = ?", arguments: [id.rawValue])
                else { continue }
                let entry = try Self.decodeOutbox(row)
                let refusals = entry.permanentRefusals + 1
                try db.execute(
                    sql: "UPDATE outbox SET permanent_refusals = ? WHERE id = ?", arguments: [refusals, id.rawValue])
                if refusals >= giveUpAfter {
                    try db.execute(
                        sql: """
                            UPDATE outbox SET attempts = attempts + 1, last_errcode = ?, last_errmsg = ?, given_up_at = ?
                            WHERE id = ?
                            """,
                        arguments: [refusal.errcode, refusal.errmsg, now.storeValue, id.rawValue])
                    givenUp.append(
                        try Self.decodeOutbox(
                            try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE id = ?", arguments: [id.rawValue])!))
                } else {
                    try Self.retry(
                        id, attempts: entry.attempts, now: now, backoff: backoff, refusal: refusal, db)
                }
            }
            return givenUp
        }
    }

    /// The cloud no longer accepts these rows' `oper_id` (answered, unknown or cancelled: 600123): it is
    /// spent. The rows lose their operation (persisted) and are due at once as plain re-pushes.
    @discardableResult
    public func spendOperation(of ids: some Sequence<OutboxID>, now: Date) throws -> Int {
        let ids = Array(ids)
        guard !ids.isEmpty else { return 0 }
        return try write("dropping the oper_id of \(ids.count) outbox rows") { db in
            var updated = 0
            for id in ids {
                try db.execute(
                    sql: """
                        UPDATE outbox SET oper_id = NULL, received_at = NULL, oper_deadline = NULL, oper_window = NULL,
                                          next_attempt_at = MIN(next_attempt_at, ?)
                        WHERE id = ?
                        """,
                    arguments: [now.storeValue, id.rawValue])
                updated += db.changesCount
            }
            return updated
        }
    }

    /// The rows with these ids that still exist (not acknowledged or superseded since), oldest first.
    public func outboxEntries(_ ids: some Sequence<OutboxID>) throws -> [OutboxEntry] {
        let ids = Array(ids)
        return try writer.read { db in
            try ids.compactMap { id in
                try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE id = ?", arguments: [id.rawValue])
            }.map(Self.decodeOutbox)
        }.sorted { $0.id < $1.id }
    }

    /// Bounds what wall instants read back may still leave, once per process before the first flush:
    /// a row is never due later than `now` plus its decided back-off, and a result window never has
    /// more left than was decided, however far the wall clock stepped back while the daemon was down.
    /// Returns how many rows were clamped.
    @discardableResult
    public func clampSchedules(now: Date) throws -> Int {
        try write("clamping the outbox schedule") { db in
            try db.execute(
                sql: """
                    UPDATE outbox SET next_attempt_at = ? + retry_delay WHERE next_attempt_at > ? + retry_delay
                    """,
                arguments: [now.storeValue, now.storeValue])
            var clamped = db.changesCount
            try db.execute(
                sql: """
                    UPDATE outbox SET oper_deadline = ? + oper_window
                    WHERE oper_deadline IS NOT NULL AND oper_window IS NOT NULL AND oper_deadline > ? + oper_window
                    """,
                arguments: [now.storeValue, now.storeValue])
            clamped += db.changesCount
            return clamped
        }
    }

    /// Number of rows in the outbox, given up or not.
    public func outboxCount() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0 }
    }

    /// Number of rows the uploader gave up.
    public func givenUpCount() throws -> Int {
        try writer.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE given_up_at IS NOT NULL") ?? 0
        }
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

    private static func retry(
        _ id: OutboxID, attempts: Int, now: Date, backoff: RetryBackoff, refusal: OutboxRefusal?, _ db: Database
    ) throws {
        let delay = backoff.delay(afterAttempts: attempts + 1)
        try db.execute(
            sql: """
                UPDATE outbox SET attempts = ?, next_attempt_at = ?, retry_delay = ?,
                                  last_errcode = COALESCE(?, last_errcode), last_errmsg = COALESCE(?, last_errmsg)
                WHERE id = ?
                """,
            arguments: [
                attempts + 1, now.addingTimeInterval(delay).storeValue, delay, refusal?.errcode, refusal?.errmsg,
                id.rawValue,
            ])
    }

    static func decodeOutbox(_ row: Row) throws -> OutboxEntry {
        let reader = RowReader(row: row, table: "outbox")
        let operation: PushedOperation? =
            if let operID = reader.optionalString("oper_id"), let receivedAt = reader.optionalDate("received_at"),
                let deadline = reader.optionalDate("oper_deadline")
            {
                PushedOperation(
                    operID: operID, receivedAt: receivedAt, deadline: deadline,
                    window: (row["oper_window"] as Double?)
                        ?? max(0, deadline.timeIntervalSince(reader.date("created_at"))))
            } else {
                nil
            }
        let refusal = reader.optionalInt("last_errcode").map {
            OutboxRefusal(errcode: $0, errmsg: reader.optionalString("last_errmsg") ?? "")
        }
        let givenUp = both(reader.optionalDate("given_up_at"), refusal).map { OutboxGiveUp(at: $0, refusal: $1) }
        return OutboxEntry(
            id: OutboxID(row["id"]), userid: try reader.userID(), userType: try reader.userType(),
            slot: try reader.slot(), algorithm: AlgorithmID(reader.string("algorithm")), data: reader.data("data"),
            operation: operation, attempts: reader.int("attempts"), nextAttemptAt: reader.date("next_attempt_at"),
            createdAt: reader.date("created_at"), lastRefusal: refusal,
            permanentRefusals: reader.int("permanent_refusals"), givenUp: givenUp)
    }
}

/// Both values, or nil when either is missing.
private func both<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
