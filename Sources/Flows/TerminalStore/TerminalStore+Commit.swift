import Biometrics
import Foundation
import GRDB

extension TerminalStore {
    /// Stores an enrolled template in `slot` (replacing what was there) AND queues its upload, in one
    /// transaction: either both are written or neither. A member unknown to the store is added with
    /// `userType` and no name, so that an enrollment is never lost to a late member sync.
    /// The row is due at `nextAttemptAt` (default `now`); pass a later time when sending it at once.
    @discardableResult
    public func commitEnrollment(
        userid: UserID, userType: UserType, slot: SlotID, template: Template,
        operation: PushedOperation?, now: Date, nextAttemptAt: Date? = nil
    ) throws -> OutboxEntry {
        try Validate.template(template, for: slot)
        try Validate.operation(operation)
        return try write("the commit of \(slot) of \"\(userid)\"") { db in
            if try !Self.memberExists(userid, db) {
                try Self.upsertMember(Member(userid: userid, userType: userType), db)
            }
            try db.execute(sql: "UPDATE member SET origin = 'enrolled' WHERE userid = ?", arguments: [userid.rawValue])
            try Self.writeTemplate(StoredTemplate(userid: userid, slot: slot, template: template), enrolledAt: now, db)
            try faultHook?(.afterTemplateWrite)
            let entry = try Self.insertOutbox(
                userid: userid, userType: userType, slot: slot, algorithm: template.algorithm, data: template.data,
                operation: operation, now: now, nextAttemptAt: nextAttemptAt ?? now, db)
            try faultHook?(.afterOutboxWrite)
            return entry
        }
    }

    /// Empties `slot` AND queues the upstream deletion (`data: ""` for that slot), in one transaction.
    /// Throws `slotEmpty` when there is nothing to delete.
    @discardableResult
    public func commitSlotDeletion(
        userid: UserID, userType: UserType, slot: SlotID,
        operation: PushedOperation?, now: Date, nextAttemptAt: Date? = nil
    ) throws -> OutboxEntry {
        try Validate.operation(operation)
        return try write("the deletion of \(slot) of \"\(userid)\"") { db in
            guard let existing = try Self.template(userid: userid, slot: slot, db) else {
                throw TerminalStoreError.slotEmpty(userid: userid, slot: slot)
            }
            _ = try Self.deleteTemplate(userid: userid, slot: slot, db)
            try faultHook?(.afterTemplateWrite)
            let entry = try Self.insertOutbox(
                userid: userid, userType: userType, slot: slot, algorithm: existing.template.algorithm, data: Data(),
                operation: operation, now: now, nextAttemptAt: nextAttemptAt ?? now, db)
            try faultHook?(.afterOutboxWrite)
            return entry
        }
    }

    /// Queues a slot change, superseding every older row of the same user and slot in the same
    /// transaction: only the newest content of a slot may reach the cloud, so an older row (pending,
    /// backed off or given up) is deleted and can never be re-sent after the newer one.
    ///
    /// An older row may still answer a cloud operation whose result window is open. When the new row
    /// has no operation of its own it adopts that one (the cloud gets its result, carrying the slot's
    /// newest content); when the new row has its own, the older operation's result is not sent, as if
    /// it were late (the cloud's operation times out; its slot is sent with the newer template).
    static func insertOutbox(
        userid: UserID, userType: UserType, slot: SlotID, algorithm: AlgorithmID, data: Data,
        operation: PushedOperation?, now: Date, nextAttemptAt: Date, _ db: Database
    ) throws -> OutboxEntry {
        let older = try Row.fetchAll(
            db, sql: "SELECT * FROM outbox WHERE userid = ? AND modality = ? AND slot = ? ORDER BY id",
            arguments: [userid.rawValue, slot.modality.rawValue, slot.index]
        ).map(decodeOutbox)
        let operation =
            operation
            ?? older.filter { $0.givenUp == nil }.compactMap(\.operation).last { $0.isOpen(at: now) }
        for row in older {
            try db.execute(sql: "DELETE FROM outbox WHERE id = ?", arguments: [row.id.rawValue])
        }
        try db.execute(
            sql: """
                INSERT INTO outbox (userid, user_type, modality, slot, algorithm, data, oper_id, received_at,
                                    oper_deadline, oper_window, attempts, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
                """,
            arguments: [
                userid.rawValue, userType.rawValue, slot.modality.rawValue, slot.index, algorithm.rawValue, data,
                operation?.operID, operation?.receivedAt.storeValue, operation?.deadline.storeValue,
                operation?.window, nextAttemptAt.storeValue, now.storeValue,
            ])
        return OutboxEntry(
            id: OutboxID(db.lastInsertedRowID), userid: userid, userType: userType, slot: slot, algorithm: algorithm,
            data: data, operation: operation, attempts: 0, nextAttemptAt: nextAttemptAt, createdAt: now)
    }
}
