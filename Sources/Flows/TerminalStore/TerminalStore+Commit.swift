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
        return try writer.write { db in
            if try !Self.memberExists(userid, db) {
                try Self.upsertMember(Member(userid: userid, userType: userType), db)
            }
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
        return try writer.write { db in
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

    static func insertOutbox(
        userid: UserID, userType: UserType, slot: SlotID, algorithm: AlgorithmID, data: Data,
        operation: PushedOperation?, now: Date, nextAttemptAt: Date, _ db: Database
    ) throws -> OutboxEntry {
        try db.execute(
            sql: """
                INSERT INTO outbox (userid, user_type, modality, slot, algorithm, data, oper_id, received_at,
                                    oper_deadline, attempts, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
                """,
            arguments: [
                userid.rawValue, userType.rawValue, slot.modality.rawValue, slot.index, algorithm.rawValue, data,
                operation?.operID, operation?.receivedAt.storeValue, operation?.deadline.storeValue,
                nextAttemptAt.storeValue, now.storeValue,
            ])
        return OutboxEntry(
            id: OutboxID(db.lastInsertedRowID), userid: userid, userType: userType, slot: slot, algorithm: algorithm,
            data: data, operation: operation, attempts: 0, nextAttemptAt: nextAttemptAt, createdAt: now)
    }
}
