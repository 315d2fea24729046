import Biometrics
import Foundation
import GRDB

/// Dates are stored as REAL seconds since 1970 so they round-trip exactly and compare in SQL.
extension Date {
    var storeValue: Double { timeIntervalSince1970 }
    init(storeValue: Double) { self.init(timeIntervalSince1970: storeValue) }
}

/// Typed reads of stored columns; a value this build cannot read is a `corruptRecord` error.
struct RowReader {
    let row: Row
    let table: String

    func string(_ column: String) -> String { row[column] }
    func optionalString(_ column: String) -> String? { row[column] }
    func int(_ column: String) -> Int { row[column] }
    func optionalInt(_ column: String) -> Int? { row[column] }
    func date(_ column: String) -> Date { Date(storeValue: row[column]) }
    func optionalDate(_ column: String) -> Date? { (row[column] as Double?).map(Date.init(storeValue:)) }
    func data(_ column: String) -> Data { row[column] ?? Data() }

    func userID(_ column: String = "userid") throws -> UserID {
        let raw = string(column)
        do { return try UserID(raw) } catch { throw corrupt(column, raw) }
    }

    func userType(_ column: String = "user_type") throws -> UserType {
        let raw = int(column)
        guard let type = UserType(rawValue: raw) else { throw corrupt(column, "\(raw)") }
        return type
    }

    func modality(_ column: String = "modality") throws -> Modality {
        let raw = string(column)
        guard let modality = Modality(rawValue: raw) else { throw corrupt(column, raw) }
        return modality
    }

    func slot(modalityColumn: String = "modality", indexColumn: String = "slot") throws -> SlotID {
        let modality = try modality(modalityColumn)
        let index = int(indexColumn)
        guard let slot = SlotID(modality, index) else { throw corrupt(indexColumn, "\(index)") }
        return slot
    }

    func origin(_ column: String = "origin") throws -> MemberOrigin {
        let raw = string(column)
        guard let origin = MemberOrigin(rawValue: raw) else { throw corrupt(column, raw) }
        return origin
    }

    func corrupt(_ column: String, _ value: String) -> TerminalStoreError {
        .corruptRecord(table: table, column: column, value: value)
    }
}
