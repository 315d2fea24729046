import GRDB

extension TerminalStore {
    enum SettingKey {
        static let activeCode = "active_code"
        static let secret = "secret"
        static let secretNo = "secret_no"
        static let permVersion = "perm_version"
        static let visitorVersion = "visitor_version"
    }

    /// The `active_code` returned by `register`, or nil before registration.
    public func activeCode() throws -> String? { try setting(SettingKey.activeCode) }

    /// Persists the `active_code` (nil removes it).
    public func saveActiveCode(_ code: String?) throws { try saveSetting(SettingKey.activeCode, code) }

    /// The `secret` returned by `active`, or nil while unbound.
    public func secret() throws -> String? { try setting(SettingKey.secret) }

    /// Persists the `secret` (nil removes it).
    public func saveSecret(_ secret: String?) throws { try saveSetting(SettingKey.secret, secret) }

    /// The per-device SecretNo obtained with `get_secret_no` from the model's seed key; kept on unbind.
    public func secretNo() throws -> String? { try setting(SettingKey.secretNo) }

    /// Persists the SecretNo (nil removes it).
    public func saveSecretNo(_ secretNo: String?) throws { try saveSetting(SettingKey.secretNo, secretNo) }

    /// The last applied contact `perm_version`, or nil before the first sync.
    public func permVersion() throws -> Int64? { try setting(SettingKey.permVersion).flatMap { Int64($0) } }

    /// Stores the contact `perm_version` (nil forgets it, forcing a full pull).
    public func savePermVersion(_ version: Int64?) throws {
        try saveSetting(SettingKey.permVersion, version.map(String.init))
    }

    /// The last applied `visitor_version`, or nil.
    public func visitorVersion() throws -> Int64? { try setting(SettingKey.visitorVersion).flatMap { Int64($0) } }

    /// Stores the `visitor_version` (nil forgets it).
    public func saveVisitorVersion(_ version: Int64?) throws {
        try saveSetting(SettingKey.visitorVersion, version.map(String.init))
    }

    /// Unbind / "enterprise not authorised" (600004, `push_unbind_corp`): deletes, in one transaction,
    /// members, templates, outbox, enrollment log, `secret`, the contact versions and the self-enrollment
    /// switches. `active_code`
    /// is kept: it is long-lived and tied to the device, not to the enterprise, so activation restarts
    /// with `active` rather than `register`.
    public func wipeForUnbind() throws {
        try write("the unbind wipe") { db in
            try db.execute(
                sql: """
                    DELETE FROM template;
                    DELETE FROM member;
                    DELETE FROM outbox;
                    DELETE FROM enrollment_log;
                    """)
            try db.execute(
                sql: "DELETE FROM setting WHERE key IN (?, ?, ?, ?) OR key LIKE 'directory_pull.%'",
                arguments: [
                    SettingKey.secret, SettingKey.permVersion, SettingKey.visitorVersion, Self.selfInputSettingKey,
                ])
        }
    }

    func setting(_ key: String) throws -> String? {
        try writer.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key])
        }
    }

    func saveSetting(_ key: String, _ value: String?) throws {
        try write("saving setting \(key)") { db in try Self.saveSetting(key, value, db) }
    }

    static func saveSetting(_ key: String, _ value: String?, _ db: Database) throws {
        if let value {
            try db.execute(
                sql:
                    "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [key, value])
        } else {
            try db.execute(sql: "DELETE FROM setting WHERE key = ?", arguments: [key])
        }
    }
}
