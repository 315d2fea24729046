import Foundation

/// One entry of a member's `pass_rule_list` (spec §5: `{id, rule, effect_time}`), stored and served as given.
/// The spec gives no types; the simulator uses an integer id, a rule string and Unix seconds.
public struct CloudPassRule: Sendable, Hashable, Codable {
    public var id: Int
    public var rule: String
    public var effectTime: Int64

    public init(id: Int, rule: String, effectTime: Int64 = 0) {
        self.id = id
        self.rule = rule
        self.effectTime = effectTime
    }
}

/// A template of the directory, with its bytes, for one (modality, slot, algorithm) of a member or visitor.
struct DirectoryTemplate: Sendable, Hashable {
    var pageType: CloudPageType
    var slot: Int
    var algorithm: String
    var data: Data
    /// The device that uploaded it; nil when the admin API put it.
    var sn: String?
    var storedAt: Date
}

/// Where a template sits in a member's template set.
struct DirectoryTemplateKey: Sendable, Hashable {
    var pageType: CloudPageType
    var slot: Int
    var algorithm: String
}

/// The enterprise's directory: members (`perm_version`), visitors (`visitor_version`) and the templates of both
/// by (userid, modality, slot, algorithm). The owner bumps a version once per change it announces.
struct CloudDirectory: Sendable {
    var members: [String: CloudMember] = [:]
    /// Visitors by their `UserId/agentid` (spec §8).
    var visitors: [String: CloudMember] = [:]
    var templates: [String: [DirectoryTemplateKey: DirectoryTemplate]] = [:]
    var permVersion = 1
    var visitorVersion = 1
    /// Member userids in paging order (sorted), rebuilt after a member is added, removed or renamed.
    private var order: [String]?

    /// Member userids in the stable order `get_userinfo_by_page` pages over.
    mutating func memberOrder() -> [String] {
        if let order { return order }
        let sorted = members.keys.sorted()
        order = sorted
        return sorted
    }

    /// A member or a visitor.
    func person(_ userid: String) -> CloudMember? { members[userid] ?? visitors[userid] }

    func isVisitor(_ userid: String) -> Bool { visitors[userid] != nil }

    /// Adds or replaces a member; true when it is new.
    mutating func upsertMember(_ member: CloudMember) -> Bool {
        let isNew = members.updateValue(member, forKey: member.userid) == nil
        if isNew { order = nil }
        return isNew
    }

    /// Removes a member and its templates.
    mutating func removeMember(_ userid: String) -> CloudMember? {
        guard let member = members.removeValue(forKey: userid) else { return nil }
        templates.removeValue(forKey: userid)
        order = nil
        return member
    }

    /// Moves a member and its templates to a new userid.
    mutating func renameMember(_ old: String, to new: String) -> CloudMember? {
        guard var member = members.removeValue(forKey: old) else { return nil }
        member.userid = new
        members[new] = member
        if let set = templates.removeValue(forKey: old) { templates[new] = set }
        order = nil
        return member
    }

    /// Adds or replaces a visitor; true when it is new.
    mutating func upsertVisitor(_ visitor: CloudMember) -> Bool {
        visitors.updateValue(visitor, forKey: visitor.userid) == nil
    }

    mutating func removeVisitor(_ userid: String) -> CloudMember? {
        guard let visitor = visitors.removeValue(forKey: userid) else { return nil }
        templates.removeValue(forKey: userid)
        return visitor
    }

    /// Stores a template (replacing the one of the same slot and algorithm).
    mutating func store(_ template: DirectoryTemplate, for userid: String) {
        let key = DirectoryTemplateKey(pageType: template.pageType, slot: template.slot, algorithm: template.algorithm)
        templates[userid, default: [:]][key] = template
    }

    /// Deletes a slot in every algorithm (a finger or face removed on a terminal is gone whatever produced it);
    /// true when something was deleted.
    mutating func deleteSlot(_ pageType: CloudPageType, slot: Int, for userid: String) -> Bool {
        guard let set = templates[userid] else { return false }
        let kept = set.filter { $0.key.pageType != pageType || $0.key.slot != slot }
        guard kept.count != set.count else { return false }
        templates[userid] = kept.isEmpty ? nil : kept
        return true
    }

    /// The templates of one modality a device gets: those of the first algorithm in its preference order
    /// (spec §7; "default" is implied last) that the member has, ordered by slot.
    func served(
        _ pageType: CloudPageType, for userid: String, preference: [String]
    ) -> (algorithm: String, templates: [DirectoryTemplate])? {
        guard let set = templates[userid] else { return nil }
        let candidates = set.values.filter { $0.pageType == pageType }
        let ranked = preference.contains("default") ? preference : preference + ["default"]
        for algorithm in ranked {
            let chosen = candidates.filter { $0.algorithm == algorithm }
            if !chosen.isEmpty { return (algorithm, chosen.sorted { $0.slot < $1.slot }) }
        }
        return nil
    }

    /// Number of stored templates.
    var templateCount: Int { templates.values.reduce(0) { $0 + $1.count } }
}
