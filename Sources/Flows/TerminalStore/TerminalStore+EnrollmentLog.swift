import Biometrics
import Foundation
import GRDB

extension TerminalStore {
    /// Most enrollment log entries kept: every append drops the oldest beyond this, in its transaction.
    public static let enrollmentLogLimit = 10_000

    /// Appends an enrollment outcome and prunes the log to the newest `enrollmentLogLimit` entries;
    /// returns the entry with its assigned id.
    @discardableResult
    public func appendEnrollmentLog(_ entry: EnrollmentLogEntry) throws -> EnrollmentLogEntry {
        try appendEnrollmentLog(entry, keep: Self.enrollmentLogLimit)
    }

    /// `appendEnrollmentLog`, keeping the newest `keep` entries (tests use a small bound).
    func appendEnrollmentLog(_ entry: EnrollmentLogEntry, keep: Int) throws -> EnrollmentLogEntry {
        try write("an enrollment log entry") { db in
            try db.execute(
                sql: """
                    INSERT INTO enrollment_log (at, userid, modality, slot, oper_id, errcode, errmsg)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    entry.at.storeValue, entry.userid, entry.modality.rawValue, entry.slot, entry.operID,
                    entry.errcode, entry.errmsg,
                ])
            let id = db.lastInsertedRowID
            // Ids grow with every append, so "older than the keep-th newest id" is an indexed range.
            try db.execute(sql: "DELETE FROM enrollment_log WHERE id <= ?", arguments: [id - Int64(keep)])
            return EnrollmentLogEntry(
                id: id, at: entry.at, userid: entry.userid, modality: entry.modality,
                slot: entry.slot, operID: entry.operID, errcode: entry.errcode, errmsg: entry.errmsg)
        }
    }

    /// The newest `limit` entries, newest first; with `since`, only entries at or after it.
    public func recentEnrollmentLog(limit: Int = 100, since: Date? = nil) throws -> [EnrollmentLogEntry] {
        try Validate.limit(limit)
        return try writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM enrollment_log WHERE at >= ? ORDER BY at DESC, id DESC LIMIT ?",
                arguments: [since?.storeValue ?? -Double.greatestFiniteMagnitude, limit]
            ).map(Self.decodeLogEntry)
        }
    }

    /// Deletes all but the newest `keep` entries; returns how many were deleted.
    @discardableResult
    public func pruneEnrollmentLog(keep: Int) throws -> Int {
        guard keep >= 0 else {
            throw TerminalStoreError.invalidInput(field: "keep", expected: "0 or more", got: "\(keep)")
        }
        return try write("pruning the enrollment log") { db in
            try db.execute(
                sql: """
                    DELETE FROM enrollment_log WHERE id NOT IN
                        (SELECT id FROM enrollment_log ORDER BY at DESC, id DESC LIMIT ?)
                    """,
                arguments: [keep])
            return db.changesCount
        }
    }

    static func decodeLogEntry(_ row: Row) throws -> EnrollmentLogEntry {
        let reader = RowReader(row: row, table: "enrollment_log")
        return EnrollmentLogEntry(
            id: row["id"], at: reader.date("at"), userid: reader.string("userid"), modality: try reader.modality(),
            slot: reader.optionalInt("slot"), operID: reader.optionalString("oper_id"), errcode: reader.int("errcode"),
            errmsg: reader.string("errmsg"))
    }
}
