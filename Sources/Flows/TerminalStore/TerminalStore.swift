import Biometrics
import GRDB
import SystemSupport

/// The terminal's durable state (members, templates, outbox, credentials, versions, enrollment log)
/// in one SQLite database. Methods are synchronous and short; from async code use `perform`.
public final class TerminalStore: Sendable {
    /// Most users one `upload_userinfo` may carry (protocol §6.4).
    public static let maxUsersPerUpload = 200

    /// The database file, or nil for an in-memory store.
    public let path: String?
    let writer: any DatabaseWriter
    let faultHook: FaultHook?
    private let worker = OffPoolWorker(label: "TerminalStore.io", concurrent: true)

    init(path: String?, writer: any DatabaseWriter, faultHook: FaultHook?) {
        self.path = path
        self.writer = writer
        self.faultHook = faultHook
    }

    /// Opens (creating it and its folders when missing) and migrates the database at `path`. A new
    /// database file is created 0600 and new folders 0750, whatever the umask (`PrivateFiles`).
    public static func open(path: String) throws -> TerminalStore {
        try open(path: path, faultHook: nil)
    }

    /// The files SQLite keeps for the database at `path`: the database, its write-ahead log, its
    /// shared-memory index and a rollback journal (the last three exist only at times). All hold
    /// members' data; each is created with the database's mode.
    public static func databaseFiles(path: String) -> [String] {
        [path, path + "-wal", path + "-shm", path + "-journal"]
    }

    /// A fresh, private, in-memory store (for tests and dry runs).
    public static func inMemory() throws -> TerminalStore {
        try inMemory(faultHook: nil)
    }

    static func open(path: String, faultHook: FaultHook?) throws -> TerminalStore {
        let pool = try StoreOpener(path: path).open()
        return TerminalStore(path: path, writer: pool, faultHook: faultHook)
    }

    static func inMemory(faultHook: FaultHook?) throws -> TerminalStore {
        let queue = try DatabaseQueue(configuration: StoreOpener.configuration())
        try Schema.migrator.migrate(queue)
        return TerminalStore(path: nil, writer: queue, faultHook: faultHook)
    }

    /// Closes the database; any later call on this store throws.
    public func close() throws {
        try writer.close()
    }

    /// Runs `body` on the store's own queue so that async callers never block the cooperative pool.
    public func perform<T: Sendable>(_ body: @escaping @Sendable (TerminalStore) throws -> T) async throws -> T {
        try await worker.run { () throws -> T in try body(self) }
    }

    /// Runs a write transaction; a full disk (`SQLITE_FULL`, also the page limit) becomes `diskFull`
    /// naming the store and `operation`. SQLite rolled the transaction back: nothing of it was written.
    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            throw TerminalStoreError.diskFull(path: path ?? ":memory:", operation: operation)
        }
    }

    /// The writer's `PRAGMA synchronous` level (2 = FULL; for the bench and the tests).
    public func synchronousLevel() throws -> Int {
        try writer.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// Identifiers of the schema migrations applied to this database, oldest first.
    public func appliedMigrations() throws -> [String] {
        try writer.read { db in try Schema.migrator.appliedMigrations(db) }
    }
}

/// Test seam: called at named points inside write transactions; throwing aborts the transaction.
typealias FaultHook = @Sendable (FaultPoint) throws -> Void

enum FaultPoint: Sendable, Equatable {
    case afterTemplateWrite
    case afterOutboxWrite
}
