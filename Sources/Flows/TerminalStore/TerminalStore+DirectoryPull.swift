import Biometrics
import Foundation
import GRDB

/// The member directory as the cloud sends it: full pulls a page per transaction (resumable), and the
/// members a change push names. Local enrollments the cloud has not acknowledged yet always win over
/// the cloud's older view of their slot.
extension TerminalStore {
    private enum PullKey {
        static let progress = "directory_pull.progress"
        static let last = "directory_pull.last"
        static let generation = "directory_pull.generation"
    }

    /// The full pull under way, nil when none is.
    public func directoryPullProgress() throws -> DirectoryPullProgress? {
        try setting(PullKey.progress).map { try Self.decodeJSON(DirectoryPullProgress.self, $0, key: PullKey.progress) }
    }

    /// The last full pull that finished, nil before the first.
    public func lastDirectoryPull() throws -> DirectoryPullRecord? {
        try setting(PullKey.last).map { try Self.decodeJSON(DirectoryPullRecord.self, $0, key: PullKey.last) }
    }

    /// Starts a full pull towards `targetVersion` from offset 0, replacing any pull under way.
    public func beginDirectoryPull(targetVersion: Int64, now: Date) throws -> DirectoryPullProgress {
        try write("starting a directory pull") { db in
            let previous =
                try String.fetchOne(
                    db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [PullKey.generation]
                ).flatMap { Int64($0) } ?? 0
            let progress = DirectoryPullProgress(
                generation: previous &+ 1, targetVersion: targetVersion, startedAt: now)
            try Self.saveSetting(PullKey.generation, String(progress.generation), db)
            try Self.saveSetting(PullKey.progress, try Self.encodeJSON(progress), db)
            return progress
        }
    }

    /// Applies one page of a full pull and saves `progress` (already advanced past the page), in ONE
    /// transaction: a crash leaves either the page and its progress or neither.
    @discardableResult
    public func applyPulledPage(
        _ members: [PulledMember], progress: DirectoryPullProgress, now: Date
    ) throws -> DirectoryChangeCount {
        try write("applying a directory page") { db in
            var count = DirectoryChangeCount()
            for pulled in members {
                count = count + (try Self.applyPulled(pulled, generation: progress.generation, now: now, db))
            }
            try Self.saveSetting(PullKey.progress, try Self.encodeJSON(progress), db)
            return count
        }
    }

    /// Ends a full pull: removes the members it did not list (except visitors, which follow `visitor_version`,
    /// and those with results still to upload), stores its version and the record of the pull, in one transaction.
    public func finishDirectoryPull(_ progress: DirectoryPullProgress, now: Date) throws -> DirectoryPullRecord {
        try write("finishing a directory pull") { db in
            try db.execute(
                sql: """
                    DELETE FROM member WHERE pull_generation IS NOT ? AND user_type != \(UserType.visitor.rawValue)
                    AND userid NOT IN (SELECT userid FROM outbox WHERE given_up_at IS NULL)
                    """,
                arguments: [progress.generation])
            let record = DirectoryPullRecord(progress: progress, finishedAt: now, membersRemoved: db.changesCount)
            try Self.saveSetting(PullKey.last, try Self.encodeJSON(record), db)
            try Self.saveSetting(PullKey.progress, nil, db)
            try Self.saveSetting(SettingKey.permVersion, String(progress.targetVersion), db)
            return record
        }
    }

    /// Applies a change push in one transaction: `removed` members go (their templates with them; outbox
    /// rows that answer a cloud operation stay, so a result owed to the cloud is still sent), `changed`
    /// members are written as pulled, and `version` (`perm_version`) or `visitorVersion` is stored when given.
    @discardableResult
    public func applyDirectoryChange(
        changed: [PulledMember], removed: [UserID], version: Int64?, visitorVersion: Int64? = nil, now: Date
    ) throws -> DirectoryChangeCount {
        try write("applying a directory change") { db in
            var count = DirectoryChangeCount()
            for userid in removed {
                try db.execute(
                    sql: "DELETE FROM outbox WHERE userid = ? AND oper_id IS NULL", arguments: [userid.rawValue])
                try db.execute(sql: "DELETE FROM member WHERE userid = ?", arguments: [userid.rawValue])
                count.membersRemoved += db.changesCount
            }
            for pulled in changed { count = count + (try Self.applyPulled(pulled, generation: nil, now: now, db)) }
            if let version { try Self.saveSetting(SettingKey.permVersion, String(version), db) }
            if let visitorVersion { try Self.saveSetting(SettingKey.visitorVersion, String(visitorVersion), db) }
            return count
        }
    }

    /// Userids of the visitors held (`user_type` 1), in order.
    public func visitorIDs() throws -> [UserID] {
        try writer.read { db in
            try String.fetchAll(
                db, sql: "SELECT userid FROM member WHERE user_type = ? ORDER BY userid",
                arguments: [UserType.visitor.rawValue]
            ).map { try UserID($0) }
        }
    }

    /// Members with their origin and the cloud's fields, ordered by userid after `after` (keyset paging).
    public func directoryMembers(after: UserID? = nil, limit: Int = 100) throws -> [DirectoryMember] {
        try Validate.limit(limit)
        return try writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM member WHERE userid > ? ORDER BY userid LIMIT ?",
                arguments: [after?.rawValue ?? "", limit]
            ).map { row in
                let reader = RowReader(row: row, table: "member")
                return DirectoryMember(
                    member: try Self.decodeMember(row), origin: try reader.origin(), passRules: row["pass_rules"],
                    publicKey: row["public_key"])
            }
        }
    }

    /// Number of members by origin (origins without members map to 0).
    public func memberCounts() throws -> [MemberOrigin: Int] {
        try writer.read { db in
            var counts = Dictionary(uniqueKeysWithValues: MemberOrigin.allCases.map { ($0, 0) })
            for row in try Row.fetchAll(db, sql: "SELECT origin, COUNT(*) AS n FROM member GROUP BY origin") {
                counts[try RowReader(row: row, table: "member").origin()] = row["n"]
            }
            return counts
        }
    }

    /// Writes one pulled member: the member row (a new one is `pulled`; an existing one keeps its origin),
    /// then, per modality the cloud answered for, its slots made equal to the cloud's, except slots
    /// holding a local enrollment that is still to be uploaded.
    private static func applyPulled(
        _ pulled: PulledMember, generation: Int64?, now: Date, _ db: Database
    ) throws -> DirectoryChangeCount {
        let userid = pulled.member.userid.rawValue
        try db.execute(
            sql: """
                INSERT INTO member (userid, user_type, name, origin, pass_rules, public_key, pull_generation)
                VALUES (?, ?, ?, 'pulled', ?, ?, ?)
                ON CONFLICT(userid) DO UPDATE SET user_type = excluded.user_type, name = excluded.name,
                    pass_rules = excluded.pass_rules, public_key = excluded.public_key,
                    pull_generation = COALESCE(excluded.pull_generation, member.pull_generation)
                """,
            arguments: [
                userid, pulled.member.userType.rawValue, pulled.member.name, pulled.passRules, pulled.publicKey,
                generation,
            ])
        var count = DirectoryChangeCount()
        for (modality, cloudSlots) in pulled.slots {
            let pending = try Set(
                Int.fetchAll(
                    db,
                    sql: "SELECT slot FROM outbox WHERE userid = ? AND modality = ? AND given_up_at IS NULL",
                    arguments: [userid, modality.rawValue]))
            var local: [Int: Template] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT * FROM template WHERE userid = ? AND modality = ?",
                arguments: [userid, modality.rawValue])
            {
                let stored = try decodeTemplate(row)
                local[stored.slot.index] = stored.template
            }
            for index in Set(local.keys).union(cloudSlots.keys).sorted() where local[index] != cloudSlots[index] {
                guard !pending.contains(index) else {
                    count.slotsKeptForUpload += 1
                    continue
                }
                let slot = try SlotID.validated(modality, index)
                if let template = cloudSlots[index] {
                    try Validate.template(template, for: slot)
                    try writeTemplate(
                        StoredTemplate(userid: pulled.member.userid, slot: slot, template: template), enrolledAt: now,
                        db)
                    count.templatesWritten += 1
                } else if try deleteTemplate(userid: pulled.member.userid, slot: slot, db) {
                    count.templatesRemoved += 1
                }
            }
        }
        return count
    }

    private static func encodeJSON(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    private static func decodeJSON<T: Decodable>(_ type: T.Type, _ text: String, key: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw TerminalStoreError.invalidInput(
                field: "setting \(key)", expected: "the JSON this build writes", got: "\(error)")
        }
    }
}
