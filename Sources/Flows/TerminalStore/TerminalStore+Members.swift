import Biometrics
import GRDB

extension TerminalStore {
    /// Inserts the member or updates its type and name.
    public func upsertMember(_ member: Member) throws {
        try write("saving member \"\(member.userid)\"") { db in try Self.upsertMember(member, db) }
    }

    /// Inserts or updates several members in one transaction (a sync page).
    public func upsertMembers(_ members: [Member]) throws {
        try write("saving \(members.count) members") { db in
            for member in members { try Self.upsertMember(member, db) }
        }
    }

    /// The member with `userid`, or nil.
    public func member(_ userid: UserID) throws -> Member? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM member WHERE userid = ?", arguments: [userid.rawValue])
                .map(Self.decodeMember)
        }
    }

    /// Up to `limit` members ordered by userid, starting after `after` (keyset paging; nil = first page).
    public func members(after: UserID? = nil, limit: Int = 100) throws -> [Member] {
        try Validate.limit(limit)
        return try writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM member WHERE userid > ? ORDER BY userid LIMIT ?",
                arguments: [after?.rawValue ?? "", limit]
            ).map(Self.decodeMember)
        }
    }

    /// Deletes the member with their templates and pending outbox rows; false when unknown.
    @discardableResult
    public func deleteMember(_ userid: UserID) throws -> Bool {
        try write("deleting member \"\(userid)\"") { db in
            try db.execute(sql: "DELETE FROM outbox WHERE userid = ?", arguments: [userid.rawValue])
            try db.execute(sql: "DELETE FROM member WHERE userid = ?", arguments: [userid.rawValue])
            return db.changesCount > 0
        }
    }

    /// Renames a member (`push_change_userid`); templates and pending outbox rows follow.
    /// Throws `unknownMember` when `from` is unknown, `invalidInput` when `to` is already taken.
    public func renameMember(from: UserID, to: UserID) throws {
        try write("renaming member \"\(from)\"") { db in
            guard try Self.memberExists(from, db) else { throw TerminalStoreError.unknownMember(from) }
            guard from != to else { return }
            if try Self.memberExists(to, db) {
                throw TerminalStoreError.invalidInput(
                    field: "new_userid", expected: "a userid not yet on the terminal", got: "\"\(to)\"")
            }
            try db.execute(
                sql: "UPDATE member SET userid = ? WHERE userid = ?", arguments: [to.rawValue, from.rawValue])
            try db.execute(
                sql: "UPDATE outbox SET userid = ? WHERE userid = ?", arguments: [to.rawValue, from.rawValue])
        }
    }

    /// Number of members.
    public func memberCount() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM member") ?? 0 }
    }

    static func upsertMember(_ member: Member, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO member (userid, user_type, name) VALUES (?, ?, ?)
                ON CONFLICT(userid) DO UPDATE SET user_type = excluded.user_type, name = excluded.name
                """,
            arguments: [member.userid.rawValue, member.userType.rawValue, member.name])
    }

    static func memberExists(_ userid: UserID, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM member WHERE userid = ?)", arguments: [userid.rawValue])
            ?? false
    }

    static func decodeMember(_ row: Row) throws -> Member {
        let reader = RowReader(row: row, table: "member")
        return Member(userid: try reader.userID(), userType: try reader.userType(), name: reader.string("name"))
    }
}
