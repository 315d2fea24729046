import Foundation
import Hummingbird
import JSONSupport

/// Admin routes that change the directory; each change is pushed to the bound, logged-in devices:
///
///     POST /admin/members/update {userid, name?, user_type?, pass_rule_list?}   → push_change_contact update_user
///     POST /admin/members/delete {userid}                                      → push_change_contact delete_user
///     POST /admin/members/rename {userid, new_userid}                          → push_change_userid
///     POST /admin/visitors {userid: "UserId/agentid", name, pass_rule_list?}  → push_visitor_list_change
///     POST /admin/visitors/delete {userid}   GET /admin/visitors
///     POST /admin/templates {userid, page_type: fp|fa, slot, algorithm?, data: base64} → update_user
///     POST /admin/directory/load {members: [{userid, user_type?, name, pass_rule_list?, templates?: [{page_type,
///                                 slot, algorithm?, data}]}]}  (bulk; one change per 1000 members) → {perm_version}
///     GET /admin/directory → {perm_version, visitor_version, members, visitors, templates}
///
/// `pass_rule_list` is `[{id, rule, effect_time?}]`. Errors as the other admin routes (400 `{error, field}`).
extension CloudSimulator {
    /// Largest `directory/load` body (10 000 members with a fingerprint and a face template fit).
    static let maxDirectoryLoadBytes = 256 << 20

    nonisolated func addDirectoryRoutes(to admin: RouterGroup<SimRequestContext>) {
        admin.post("members/update") { request, _ in
            try await self.adminCall(request) { body in
                let userid = try body.string("userid")
                try await self.updateMember(
                    userid: userid, name: try body.optionalString("name"), userType: try body.optionalInt("user_type"),
                    passRules: try body.passRules("pass_rule_list"))
                return AdminResponse(status: .ok, json: ["userid": .string(userid)])
            }
        }
        admin.post("members/delete") { request, _ in
            try await self.adminCall(request) { body in
                let userid = try body.string("userid")
                try await self.deleteMember(userid: userid)
                return AdminResponse(status: .ok, json: ["userid": .string(userid), "deleted": true])
            }
        }
        admin.post("members/rename") { request, _ in
            try await self.adminCall(request) { body in
                let new = try body.string("new_userid")
                try await self.renameMember(from: try body.string("userid"), to: new)
                return AdminResponse(status: .ok, json: ["userid": .string(new)])
            }
        }
        admin.post("visitors") { request, _ in
            try await self.adminCall(request) { body in
                let userid = try body.string("userid")
                try await self.addVisitor(
                    userid: userid, name: try body.string("name"), passRules: try body.passRules("pass_rule_list") ?? []
                )
                return AdminResponse(status: .created, json: ["userid": .string(userid)])
            }
        }
        admin.get("visitors") { _, _ in AdminResponse.encoded(await self.visitors()).response }
        admin.post("visitors/delete") { request, _ in
            try await self.adminCall(request) { body in
                let userid = try body.string("userid")
                try await self.deleteVisitor(userid: userid)
                return AdminResponse(status: .ok, json: ["userid": .string(userid), "deleted": true])
            }
        }
        admin.post("templates") { request, _ in
            try await self.adminCall(request) { body in
                let userid = try body.string("userid")
                try await self.putTemplate(userid: userid, try body.template())
                return AdminResponse(status: .created, json: ["userid": .string(userid)])
            }
        }
        admin.post("directory/load") { request, _ in
            try await self.adminCall(request, limit: Self.maxDirectoryLoadBytes) { body in
                let version = try await self.loadDirectory(try body.memberLoads("members"))
                return AdminResponse(status: .ok, json: ["perm_version": .integer(Int64(version))])
            }
        }
        admin.get("directory") { _, _ in AdminResponse.encoded(await self.directoryStatus()).response }
    }
}

extension AdminBody {
    /// `[{id, rule, effect_time?}]`, nil when absent.
    func passRules(_ key: String) throws -> [CloudPassRule]? {
        guard let value = json[key], value != .null else { return nil }
        guard let items = value.arrayValue else {
            throw CloudSimError.invalidField(field: key, expected: "an array of {id, rule, effect_time}")
        }
        return try items.enumerated().map { index, item in
            let rule = AdminBody(json: item)
            guard let id = try rule.optionalInt("id") else {
                throw CloudSimError.invalidField(
                    field: "\(key)[\(index)].id", expected: "an integer, but it is missing")
            }
            guard let text = item["rule"]?.stringValue else {
                throw CloudSimError.invalidField(field: "\(key)[\(index)].rule", expected: "a string")
            }
            return CloudPassRule(id: id, rule: text, effectTime: Int64(try rule.optionalInt("effect_time") ?? 0))
        }
    }

    /// `{page_type, slot, algorithm?, data}`.
    func template() throws -> CloudTemplateLoad {
        let raw = try string("page_type")
        guard let pageType = CloudPageType(rawValue: raw) else {
            throw CloudSimError.invalidField(field: "page_type", expected: "\"fp\" or \"fa\", got \"\(raw)\"")
        }
        guard let slot = try optionalInt("slot") else {
            throw CloudSimError.invalidField(field: "slot", expected: "an integer, but it is missing")
        }
        guard let data = Data(base64Encoded: try string("data")) else {
            throw CloudSimError.invalidField(field: "data", expected: "base64")
        }
        return CloudTemplateLoad(
            pageType: pageType, slot: slot, algorithm: try optionalString("algorithm") ?? "default", data: data)
    }

    /// The `members` of a bulk load.
    func memberLoads(_ key: String) throws -> [CloudMemberLoad] {
        guard let items = json[key]?.arrayValue else {
            throw CloudSimError.invalidField(field: key, expected: "an array of members")
        }
        return try items.enumerated().map { index, item in
            let field = "\(key)[\(index)]"
            let entry = AdminBody(json: item)
            do {
                let member = CloudMember(
                    userid: try entry.string("userid"), userType: try entry.optionalInt("user_type") ?? 0,
                    name: try entry.string("name"), passRules: try entry.passRules("pass_rule_list") ?? [])
                let templates = try (item["templates"]?.arrayValue ?? []).enumerated().map { slot, template in
                    do {
                        return try AdminBody(json: template).template()
                    } catch CloudSimError.invalidField(let name, let expected) {
                        throw CloudSimError.invalidField(field: "templates[\(slot)].\(name)", expected: expected)
                    }
                }
                return CloudMemberLoad(member: member, templates: templates)
            } catch CloudSimError.invalidField(let name, let expected) {
                throw CloudSimError.invalidField(field: "\(field).\(name)", expected: expected)
            }
        }
    }
}
