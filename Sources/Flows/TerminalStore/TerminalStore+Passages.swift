import Biometrics
import Foundation
import GRDB

/// Passages (check-in records): committed before anything is sent; each leaves the pending set only when the
/// cloud took it. Undated ones (the clock was not sane) wait until `datePassages` can date them.
extension TerminalStore {
    /// Commits a passage; its id. A wall time before 2018 is not a date: the passage is stored undated.
    @discardableResult
    public func recordPassage(_ draft: PassageDraft) throws -> Int64 {
        let at = draft.at.flatMap { SaneWallClock.isSane($0) ? $0 : nil }
        return try write("recording a passage of \"\(draft.userid)\"") { db in
            try db.execute(
                sql: """
                    INSERT INTO passage (userid, user_type, modality, direction, at, uptime, boot_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    draft.userid.rawValue, draft.userType.rawValue, draft.modality.rawValue, draft.direction.rawValue,
                    at?.storeValue, draft.uptime, draft.bootID,
                ])
            return db.lastInsertedRowID
        }
    }

    /// Dates the undated passages of this boot from the sane wall clock `now` and the uptime `uptimeNow`;
    /// returns how many were dated. Undated passages of an earlier boot cannot be dated and stay (counted).
    @discardableResult
    public func datePassages(bootID: String, uptimeNow: Double, now: Date) throws -> Int {
        guard SaneWallClock.isSane(now) else { return 0 }
        return try write("dating passages") { db in
            try db.execute(
                sql: """
                    UPDATE passage SET at = ? - (? - uptime)
                    WHERE at IS NULL AND boot_id = ? AND uptime <= ? AND ? - (? - uptime) >= ?
                    """,
                arguments: [
                    now.storeValue, uptimeNow, bootID, uptimeNow, now.storeValue, uptimeNow,
                    SaneWallClock.earliest.storeValue,
                ])
            return db.changesCount
        }
    }

    /// Up to `limit` dated, unacknowledged passages due at `now`, oldest first.
    public func duePassages(now: Date, limit: Int) throws -> [StoredPassage] {
        try Validate.limit(limit)
        return try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM passage WHERE acknowledged_at IS NULL AND at IS NOT NULL AND next_attempt_at <= ?
                    ORDER BY id LIMIT ?
                    """,
                arguments: [now.storeValue, limit]
            ).map(Self.decodePassage)
        }
    }

    /// The cloud took these passages.
    public func acknowledgePassages(_ ids: [Int64], at now: Date) throws {
        guard !ids.isEmpty else { return }
        try write("acknowledging \(ids.count) passages") { db in
            for id in ids {
                try db.execute(
                    sql: "UPDATE passage SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL",
                    arguments: [now.storeValue, id])
            }
        }
    }

    /// The cloud did not take these passages (`fail_list`, an error, no answer): tried again after the back-off.
    public func schedulePassageRetry(
        _ ids: [Int64], now: Date, errcode: Int?, errmsg: String?, backoff: RetryBackoff = .standard
    ) throws {
        guard !ids.isEmpty else { return }
        try write("rescheduling \(ids.count) passages") { db in
            for id in ids {
                let attempts =
                    (try Int.fetchOne(db, sql: "SELECT attempts FROM passage WHERE id = ?", arguments: [id]) ?? 0) + 1
                try db.execute(
                    sql: """
                        UPDATE passage SET attempts = ?, next_attempt_at = ?, last_errcode = ?, last_errmsg = ?
                        WHERE id = ?
                        """,
                    arguments: [
                        attempts, now.storeValue + backoff.delay(afterAttempts: attempts), errcode, errmsg, id,
                    ])
            }
        }
    }

    /// Keeps at most `history.limit` passages: the oldest acknowledged ones go; unacknowledged ones are never
    /// dropped (the store may then hold more). Returns how many went.
    @discardableResult
    public func prunePassages(_ history: PassageHistory = .standard) throws -> Int {
        try write("pruning the passage history") { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM passage") ?? 0
            let excess = total - max(history.limit, 0)
            guard excess > 0 else { return 0 }
            try db.execute(
                sql: """
                    DELETE FROM passage WHERE id IN (
                        SELECT id FROM passage WHERE acknowledged_at IS NOT NULL ORDER BY id LIMIT ?)
                    """,
                arguments: [excess])
            return db.changesCount
        }
    }

    /// The newest passages first, at most `limit`.
    public func recentPassages(limit: Int = 50) throws -> [StoredPassage] {
        try Validate.limit(limit)
        return try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM passage ORDER BY id DESC LIMIT ?", arguments: [limit])
                .map(Self.decodePassage)
        }
    }

    /// Passages by state: waiting for the cloud (dated), undated (the clock was not sane), acknowledged.
    public func passageCounts() throws -> (pending: Int, undated: Int, acknowledged: Int) {
        try writer.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT
                        SUM(acknowledged_at IS NULL AND at IS NOT NULL) AS pending,
                        SUM(acknowledged_at IS NULL AND at IS NULL) AS undated,
                        SUM(acknowledged_at IS NOT NULL) AS acknowledged
                    FROM passage
                    """)
            return (row?["pending"] ?? 0, row?["undated"] ?? 0, row?["acknowledged"] ?? 0)
        }
    }

    static func decodePassage(_ row: Row) throws -> StoredPassage {
        let reader = RowReader(row: row, table: "passage")
        let raw: Int = row["direction"]
        guard let direction = PassDirection(rawValue: raw) else { throw reader.corrupt("direction", "\(raw)") }
        return StoredPassage(
            id: row["id"], userid: try reader.userID(), userType: try reader.userType(),
            modality: try reader.modality(),
            direction: direction, at: reader.optionalDate("at"), attempts: reader.int("attempts"),
            acknowledgedAt: reader.optionalDate("acknowledged_at"), lastErrcode: reader.optionalInt("last_errcode"),
            lastErrmsg: reader.optionalString("last_errmsg"))
    }
}
