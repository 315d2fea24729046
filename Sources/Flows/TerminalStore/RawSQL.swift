import GRDB

/// Plain SQL on a database file, bypassing every store check. Internal: tests use it (through
/// `@testable import`) to build files the store must refuse, without depending on GRDB themselves.
enum RawSQL {
    static func execute(path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: sql) }
        try queue.close()
    }

    static func strings(path: String, _ sql: String) throws -> [String] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in try String.fetchAll(db, sql: sql) }
    }
}
