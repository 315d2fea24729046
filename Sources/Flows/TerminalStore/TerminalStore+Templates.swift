import Biometrics
import Foundation
import GRDB

extension TerminalStore {
    /// Slot indices of `modality` that hold a template for `userid`.
    public func occupiedSlots(userid: UserID, modality: Modality) throws -> Set<Int> {
        try writer.read { db in
            try Set(
                Int.fetchAll(
                    db, sql: "SELECT slot FROM template WHERE userid = ? AND modality = ?",
                    arguments: [userid.rawValue, modality.rawValue]))
        }
    }

    /// The template in `slot` of `userid`, or nil when the slot is empty.
    public func template(userid: UserID, slot: SlotID) throws -> EnrolledTemplate? {
        try writer.read { db in try Self.template(userid: userid, slot: slot, db) }
    }

    /// All templates of `userid`, fingerprints first, by slot.
    public func templates(userid: UserID) throws -> [EnrolledTemplate] {
        try writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM template WHERE userid = ? ORDER BY modality DESC, slot",
                arguments: [userid.rawValue]
            ).map(Self.decodeTemplate)
        }
    }

    /// Templates of `modality` and `algorithm` of every member except `excluding` (the duplicate check).
    public func templates(
        modality: Modality, algorithm: AlgorithmID, excluding: UserID?
    ) throws -> [EnrolledTemplate] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM template WHERE modality = ? AND algorithm = ? AND userid IS NOT ?
                    ORDER BY userid, slot
                    """,
                arguments: [modality.rawValue, algorithm.rawValue, excluding?.rawValue]
            ).map(Self.decodeTemplate)
        }
    }

    /// Stores a template WITHOUT an outbox row (templates pulled from the cloud); replaces the slot.
    /// The member must exist.
    public func storeTemplate(_ template: StoredTemplate, enrolledAt: Date) throws {
        try Validate.template(template.template, for: template.slot)
        try write("storing \(template.slot) of \"\(template.userid)\"") { db in
            guard try Self.memberExists(template.userid, db) else {
                throw TerminalStoreError.unknownMember(template.userid)
            }
            try Self.writeTemplate(template, enrolledAt: enrolledAt, db)
        }
    }

    /// Empties a slot WITHOUT an outbox row (a deletion the cloud already knows); false when it was empty.
    @discardableResult
    public func deleteTemplate(userid: UserID, slot: SlotID) throws -> Bool {
        try write("deleting \(slot) of \"\(userid)\"") { db in try Self.deleteTemplate(userid: userid, slot: slot, db) }
    }

    /// Number of templates per modality (modalities without templates map to 0).
    public func templateCounts() throws -> [Modality: Int] {
        try writer.read { db in try Self.templateCounts(db) }
    }

    static func templateCounts(_ db: Database) throws -> [Modality: Int] {
        var counts = Dictionary(uniqueKeysWithValues: Modality.allCases.map { ($0, 0) })
        for row in try Row.fetchAll(db, sql: "SELECT modality, COUNT(*) AS n FROM template GROUP BY modality") {
            let modality = try RowReader(row: row, table: "template").modality()
            counts[modality] = row["n"]
        }
        return counts
    }

    static func template(userid: UserID, slot: SlotID, _ db: Database) throws -> EnrolledTemplate? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM template WHERE userid = ? AND modality = ? AND slot = ?",
            arguments: [userid.rawValue, slot.modality.rawValue, slot.index]
        ).map(decodeTemplate)
    }

    static func writeTemplate(_ template: StoredTemplate, enrolledAt: Date, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO template (userid, modality, slot, algorithm, data, enrolled_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(userid, modality, slot) DO UPDATE SET
                    algorithm = excluded.algorithm, data = excluded.data, enrolled_at = excluded.enrolled_at
                """,
            arguments: [
                template.userid.rawValue, template.slot.modality.rawValue, template.slot.index,
                template.template.algorithm.rawValue, template.template.data, enrolledAt.storeValue,
            ])
    }

    static func deleteTemplate(userid: UserID, slot: SlotID, _ db: Database) throws -> Bool {
        try db.execute(
            sql: "DELETE FROM template WHERE userid = ? AND modality = ? AND slot = ?",
            arguments: [userid.rawValue, slot.modality.rawValue, slot.index])
        return db.changesCount > 0
    }

    static func decodeTemplate(_ row: Row) throws -> EnrolledTemplate {
        let reader = RowReader(row: row, table: "template")
        let slot = try reader.slot()
        return EnrolledTemplate(
            userid: try reader.userID(), slot: slot,
            template: Template(
                modality: slot.modality, algorithm: AlgorithmID(reader.string("algorithm")), data: reader.data("data")),
            enrolledAt: reader.date("enrolled_at"))
    }
}
