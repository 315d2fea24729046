import Foundation

/// A member to load in bulk with its templates (`loadDirectory`).
public struct CloudMemberLoad: Sendable, Hashable {
    public var member: CloudMember
    public var templates: [CloudTemplateLoad]

    public init(member: CloudMember, templates: [CloudTemplateLoad] = []) {
        self.member = member
        self.templates = templates
    }
}

/// A template put by the admin API.
public struct CloudTemplateLoad: Sendable, Hashable {
    public var pageType: CloudPageType
    public var slot: Int
    public var algorithm: String
    public var data: Data

    public init(pageType: CloudPageType, slot: Int, algorithm: String = "default", data: Data) {
        self.pageType = pageType
        self.slot = slot
        self.algorithm = algorithm
        self.data = data
    }
}

/// Versions and sizes of the directory.
public struct CloudDirectoryStatus: Sendable, Hashable, Codable {
    public var permVersion: Int
    public var visitorVersion: Int
    public var members: Int
    public var visitors: Int
    public var templates: Int
}

/// Admin changes to the directory. Every change bumps `perm_version` (members, templates) or `visitor_version`
/// (visitors) by one and is pushed to every bound, logged-in device.
extension CloudSimulator {
    /// Users per `push_change_contact` of a bulk load; a larger load is announced as several changes.
    public static let maxUsersPerPush = 1000
    /// Largest template the admin API stores.
    public static let maxTemplateBytes = 64 << 10

    /// Adds (or replaces) a member: `create_user` (or `update_user`).
    public func addMember(
        userid: String, userType: Int = 0, name: String, passRules: [CloudPassRule] = [], publicKey: String? = nil
    ) throws {
        let member = CloudMember(
            userid: userid, userType: userType, name: name, passRules: passRules, publicKey: publicKey)
        try Self.validate(member)
        let isNew = directory.upsertMember(member)
        announceContactChange(
            created: isNew ? [ChangedPerson(member)] : [], updated: isNew ? [] : [ChangedPerson(member)])
    }

    /// Changes a member's name, user_type or pass rules (nil keeps them): `update_user`.
    public func updateMember(
        userid: String, name: String? = nil, userType: Int? = nil, passRules: [CloudPassRule]? = nil
    ) throws {
        guard var member = directory.members[userid] else { throw CloudSimError.unknownMember(userid: userid) }
        if let name { member.name = name }
        if let userType { member.userType = userType }
        if let passRules { member.passRules = passRules }
        try Self.validate(member)
        _ = directory.upsertMember(member)
        announceContactChange(updated: [ChangedPerson(member)])
    }

    /// Deletes a member and its templates: `delete_user`.
    public func deleteMember(userid: String) throws {
        guard let member = directory.removeMember(userid) else { throw CloudSimError.unknownMember(userid: userid) }
        announceContactChange(deleted: [ChangedPerson(member)])
    }

    /// Renames a member; its templates follow: `push_change_userid`.
    public func renameMember(from old: String, to new: String) throws {
        guard directory.members[old] != nil else { throw CloudSimError.unknownMember(userid: old) }
        guard directory.person(new) == nil else { throw CloudSimError.memberAlreadyExists(userid: new) }
        try Self.validate(CloudMember(userid: new, name: ""))
        guard let member = directory.renameMember(old, to: new) else { throw CloudSimError.unknownMember(userid: old) }
        announceRename(from: old, to: member)
    }

    /// Adds (or replaces) a visitor `UserId/agentid`: `create_visitor` (or `update_visitor`).
    public func addVisitor(userid: String, name: String, passRules: [CloudPassRule] = []) throws {
        guard DirectoryRequestRules.isVisitorID(userid) else {
            throw CloudSimError.invalidField(
                field: "userid", expected: "the visitor form UserId/agentid, got \"\(userid)\"")
        }
        guard directory.members[userid] == nil else { throw CloudSimError.memberAlreadyExists(userid: userid) }
        let visitor = CloudMember(userid: userid, userType: 1, name: name, passRules: passRules)
        try Self.validate(visitor)
        let isNew = directory.upsertVisitor(visitor)
        announceVisitorChange(
            created: isNew ? [ChangedPerson(visitor)] : [], updated: isNew ? [] : [ChangedPerson(visitor)])
    }

    /// Deletes a visitor and its templates: `delete_visitor`.
    public func deleteVisitor(userid: String) throws {
        guard let visitor = directory.removeVisitor(userid) else { throw CloudSimError.unknownMember(userid: userid) }
        announceVisitorChange(deleted: [ChangedPerson(visitor)])
    }

    /// Stores a template for a member or visitor as if a terminal had uploaded it: `update_user` (`update_visitor`).
    public func putTemplate(userid: String, _ template: CloudTemplateLoad) throws {
        guard let person = directory.person(userid) else { throw CloudSimError.unknownMember(userid: userid) }
        try Self.validate(template, field: "")
        store(template, for: userid)
        if directory.isVisitor(userid) {
            announceVisitorChange(updated: [ChangedPerson(person)])
        } else {
            announceContactChange(updated: [ChangedPerson(person)])
        }
    }

    /// Adds or replaces many members with their templates. Everything is checked before anything changes; the load
    /// is then announced in changes of `maxUsersPerPush` users (one `perm_version` each). Returns the new version.
    @discardableResult
    public func loadDirectory(_ entries: [CloudMemberLoad]) throws -> Int {
        for (index, entry) in entries.enumerated() {
            try Self.validate(entry.member, field: "members[\(index)].")
            for (slot, template) in entry.templates.enumerated() {
                try Self.validate(template, field: "members[\(index)].templates[\(slot)].")
            }
        }
        var start = 0
        while start < entries.count {
            let chunk = entries[start..<min(start + Self.maxUsersPerPush, entries.count)]
            var created: [ChangedPerson] = []
            var updated: [ChangedPerson] = []
            for entry in chunk {
                let isNew = directory.upsertMember(entry.member)
                if isNew {
                    created.append(ChangedPerson(entry.member))
                } else {
                    updated.append(ChangedPerson(entry.member))
                }
                for template in entry.templates { store(template, for: entry.member.userid) }
            }
            announceContactChange(created: created, updated: updated)
            start += chunk.count
        }
        return directory.permVersion
    }

    /// Versions and counts.
    public func directoryStatus() -> CloudDirectoryStatus {
        CloudDirectoryStatus(
            permVersion: directory.permVersion, visitorVersion: directory.visitorVersion,
            members: directory.members.count, visitors: directory.visitors.count, templates: directory.templateCount)
    }

    /// All members, ordered by userid.
    public func members() -> [CloudMember] { directory.members.values.sorted { $0.userid < $1.userid } }

    /// All visitors, ordered by userid.
    public func visitors() -> [CloudMember] { directory.visitors.values.sorted { $0.userid < $1.userid } }

    private func store(_ template: CloudTemplateLoad, for userid: String) {
        directory.store(
            DirectoryTemplate(
                pageType: template.pageType, slot: template.slot, algorithm: template.algorithm, data: template.data,
                sn: nil, storedAt: wallClock.now()), for: userid)
    }

    private static func validate(_ member: CloudMember, field prefix: String = "") throws {
        let length = member.userid.utf8.count
        guard (1...UploadRuleChecker.maxUseridBytes).contains(length) else {
            throw CloudSimError.invalidField(
                field: "\(prefix)userid", expected: "1-\(UploadRuleChecker.maxUseridBytes) bytes, got \(length)")
        }
        guard (0...2).contains(member.userType) else {
            throw CloudSimError.invalidField(field: "\(prefix)user_type", expected: "0, 1 or 2, got \(member.userType)")
        }
    }

    private static func validate(_ template: CloudTemplateLoad, field prefix: String) throws {
        let range = UploadRuleChecker.slotRange(template.pageType)
        guard range.contains(template.slot) else {
            throw CloudSimError.invalidField(
                field: "\(prefix)slot", expected: "\(range.lowerBound)-\(range.upperBound), got \(template.slot)")
        }
        guard !template.algorithm.isEmpty else {
            throw CloudSimError.invalidField(field: "\(prefix)algorithm", expected: "a non-empty string")
        }
        guard (1...maxTemplateBytes).contains(template.data.count) else {
            throw CloudSimError.invalidField(
                field: "\(prefix)data", expected: "1-\(maxTemplateBytes) bytes, got \(template.data.count)")
        }
    }
}
