import Foundation
import GRDB
import SystemSupport

/// Opens a database file without ever damaging one it should not touch: the file is vetted (header,
/// foreign tables, newer schema) before the WAL pool is opened and the migrations run.
struct StoreOpener {
    let path: String

    private static let sqliteHeader = Array("SQLite format 3\0".utf8)

    static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        // The daemon and the operator CLI share the file; wait for the other's write instead of failing.
        config.busyMode = .timeout(5)
        // FULL: a commit is on disk before it returns, so a power loss cannot take back an enrollment the
        // cloud may already hold (NORMAL in WAL mode may lose the last transactions).
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = \(Self.synchronous)") }
        return config
    }

    /// The store's `PRAGMA synchronous` level (FULL = 2); see `configuration()`.
    static let synchronous = "FULL"

    func open() throws -> DatabasePool {
        try createParentDirectory()
        if try fileHoldsData() {
            try checkHeader()
            try inspectExistingDatabase()
        } else {
            try createPrivateFile()
        }
        do {
            let pool = try DatabasePool(path: path, configuration: Self.configuration())
            // The pool switches its writer to NORMAL when it turns WAL on, after `prepareDatabase`.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(Self.synchronous)") }
            try Schema.migrator.migrate(pool)
            return pool
        } catch let error as DatabaseError {
            throw mapped(error)
        }
    }

    /// Missing folders are made with `PrivateFiles.directoryMode`, whatever the umask.
    private func createParentDirectory() throws {
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try PrivateFiles.createDirectories(parent)
        } catch {
            throw TerminalStoreError.cannotCreateDirectory(path: parent, reason: error.description)
        }
    }

    /// SQLite would create the file with 0644 minus the umask; made here first, it is 0600 whatever the
    /// umask, and SQLite gives the WAL and shared-memory files it creates later the database's mode.
    private func createPrivateFile() throws {
        do {
            try PrivateFiles.createEmptyIfMissing(path)
        } catch {
            throw TerminalStoreError.cannotOpen(path: path, reason: error.description)
        }
    }

    /// False when the file is missing or empty (SQLite treats an empty file as a new database).
    private func fileHoldsData() throws -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return false }
        if isDirectory.boolValue {
            throw TerminalStoreError.notADatabase(path: path, detail: "it is a directory")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        return size > 0
    }

    private func checkHeader() throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw TerminalStoreError.cannotOpen(path: path, reason: "the file is not readable")
        }
        defer { try? handle.close() }
        let head = Array((try? handle.read(upToCount: Self.sqliteHeader.count)) ?? Data())
        guard head == Self.sqliteHeader else {
            let shown = head.prefix(8).map { String(format: "%02x", $0) }.joined(separator: " ")
            throw TerminalStoreError.notADatabase(
                path: path, detail: "its first bytes are [\(shown)], not the header \"SQLite format 3\"")
        }
    }

    /// Reads the existing schema through a plain connection (no WAL switch, no writes).
    private func inspectExistingDatabase() throws {
        do {
            let queue = try DatabaseQueue(path: path, configuration: Self.configuration())
            defer { try? queue.close() }
            try queue.read { db in
                let applied = try Schema.migrator.appliedIdentifiers(db)
                if applied.isEmpty {
                    let tables = try String.fetchAll(
                        db,
                        sql: """
                            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
                            """)
                    if !tables.isEmpty {
                        throw TerminalStoreError.foreignDatabase(path: path, tables: tables)
                    }
                }
                let known = Schema.knownMigrations
                let unknown = applied.filter { !known.contains($0) }.sorted()
                if !unknown.isEmpty {
                    throw TerminalStoreError.newerSchema(path: path, unknownMigrations: unknown, knownMigrations: known)
                }
            }
        } catch let error as DatabaseError {
            throw mapped(error)
        }
    }

    private func mapped(_ error: DatabaseError) -> TerminalStoreError {
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            .notADatabase(path: path, detail: error.message ?? "\(error.resultCode)")
        default:
            .cannotOpen(path: path, reason: error.message ?? "\(error)")
        }
    }
}
