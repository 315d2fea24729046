import Biometrics

/// Why the terminal store refused to open or to change; every case names the path or field at fault.
public enum TerminalStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file exists but is not an SQLite database; it was left untouched.
    case notADatabase(path: String, detail: String)
    /// The file is an SQLite database of another program (it has tables but no store migrations).
    case foreignDatabase(path: String, tables: [String])
    /// The file was migrated by a newer version of this program; it was left untouched.
    case newerSchema(path: String, unknownMigrations: [String], knownMigrations: [String])
    /// The folder for the database could not be created.
    case cannotCreateDirectory(path: String, reason: String)
    /// SQLite could not open the file for another reason.
    case cannotOpen(path: String, reason: String)
    /// A caller-supplied value is malformed; nothing was changed.
    case invalidInput(field: String, expected: String, got: String)
    /// The operation needs a member the store does not know.
    case unknownMember(UserID)
    /// The operation needs a template in a slot that is empty.
    case slotEmpty(userid: UserID, slot: SlotID)
    /// A stored row holds a value this build cannot read (edited by hand or damaged).
    case corruptRecord(table: String, column: String, value: String)
    /// A write failed because the disk (or the database's page limit) is full; the transaction was rolled
    /// back and the store is as it was before the call.
    case diskFull(path: String, operation: String)

    public var description: String {
        switch self {
        case .notADatabase(let path, let detail):
            "\(path): not a terminal database (expected an SQLite 3 file): \(detail); the file was not modified"
        case .foreignDatabase(let path, let tables):
            "\(path): an SQLite database of another program (tables: \(tables.joined(separator: ", "))), "
                + "expected a terminal store or an empty file; the file was not modified"
        case .newerSchema(let path, let unknown, let known):
            "\(path): written by a newer version (unknown migrations: \(unknown.joined(separator: ", "))); "
                + "this version expects at most [\(known.joined(separator: ", "))]; the file was not modified"
        case .cannotCreateDirectory(let path, let reason):
            "\(path): cannot create the database folder: \(reason)"
        case .cannotOpen(let path, let reason):
            "\(path): cannot open the terminal database: \(reason)"
        case .invalidInput(let field, let expected, let got):
            "\(field): expected \(expected), got \(got)"
        case .unknownMember(let userid):
            "userid: expected a member known to the terminal, got \"\(userid)\""
        case .slotEmpty(let userid, let slot):
            "slot: expected an enrolled slot, but \(slot) of \"\(userid)\" is empty"
        case .corruptRecord(let table, let column, let value):
            "\(table).\(column): stored value \(value) is not valid"
        case .diskFull(let path, let operation):
            "\(path): disk full: \(operation) was rolled back; nothing was written (free space and retry)"
        }
    }
}
