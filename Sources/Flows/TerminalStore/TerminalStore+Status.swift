import Foundation
import GRDB

extension TerminalStore {
    /// Counts and versions for the CLI, read in one consistent snapshot.
    public func status() throws -> StoreStatus {
        try writer.read { db in
            let settings = try Set(String.fetchAll(db, sql: "SELECT key FROM setting"))
            return StoreStatus(
                members: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM member") ?? 0,
                templates: try Self.templateCounts(db),
                outboxRows: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0,
                givenUpRows: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE given_up_at IS NOT NULL")
                    ?? 0,
                oldestPendingAt: try Double.fetchOne(
                    db, sql: "SELECT MIN(created_at) FROM outbox WHERE given_up_at IS NULL"
                )
                .map(Date.init(storeValue:)),
                permVersion: try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'perm_version'")
                    .flatMap { Int64($0) },
                hasSecret: settings.contains("secret"),
                hasActiveCode: settings.contains("active_code"),
                schema: try Schema.migrator.appliedMigrations(db))
        }
    }
}
