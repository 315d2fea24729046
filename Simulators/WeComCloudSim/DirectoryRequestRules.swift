import JSONSupport

/// What a pull asks to be included (`is_req_fp_info` default 1, `is_req_fa_info` default 1,
/// `is_req_public_key` default 0; spec §5).
struct PullFlags: Sendable, Hashable {
    var fingerprints = true
    var faces = true
    var publicKey = false
}

/// A checked `get_userinfo_by_page` request.
struct PageQuery: Sendable, Hashable {
    var offset: Int
    var limit: Int
    var flags: PullFlags
}

/// One id asked for by `get_userinfo_by_ids` / `get_visitor_by_ids`; `userType` nil for the old `userids[]` form.
struct PersonQuery: Sendable, Hashable {
    var userid: String
    var userType: Int?
}

/// The rules the simulated cloud applies to the directory pulls, each failure naming the field:
///
/// - body not an object: 600110 `body`.
/// - `get_userinfo_by_page`: `offset` missing, not an integer or negative: 600110 `body.offset`; `limit` missing, not
///   an integer or below 1: 600110 `body.limit`; `limit` over 200: 600113 `body.limit`. An offset past the end
///   answers an empty last page.
/// - `get_userinfo_by_ids`: `user_item[{userid, user_type}]` (new form, preferred when both are sent) or `userids[]`
///   (old form); neither: 600110 `body.user_item`; not an array: 600110; empty: 600110; over 200 entries: 600113;
///   an entry that is not an object / string, a userid that is empty or over 128 bytes, a `user_type` not 0/1/2:
///   600110 naming the entry (`body.user_item[3].user_type`).
/// - `get_visitor_by_ids`: `userids[]` as above, and each must have the `UserId/agentid` form (spec §8): 600110
///   `body.userids[i]`.
/// - the flags, when present, must be 0 or 1 (or a JSON boolean): 600110 `body.is_req_fp_info`.
///
/// Unknown users are not an error (the spec gives no code): they are left out of `userinfo` and listed by userid in
/// `fail_list`, as `upload_userinfo` lists its failed users. A duplicate id is served once.
enum DirectoryRequestRules {
    /// Most entries per page or per id list (spec §9).
    static let maxItems = 200

    static func page(_ body: RequestBody) throws -> PageQuery {
        let object = try bodyObject(body)
        let offset = try integer(object, "offset")
        guard offset >= 0 else { throw CommandFailure.invalid("body.offset", "an integer ≥ 0, got \(offset)") }
        let limit = try integer(object, "limit")
        guard limit >= 1 else { throw CommandFailure.invalid("body.limit", "an integer 1-\(maxItems), got \(limit)") }
        guard limit <= maxItems else {
            throw CommandFailure(CloudErrorCode.tooManyItems, "body.limit: at most \(maxItems) per page, got \(limit)")
        }
        return PageQuery(offset: offset, limit: limit, flags: try flags(object))
    }

    static func ids(_ body: RequestBody) throws -> (people: [PersonQuery], flags: PullFlags) {
        let object = try bodyObject(body)
        let people: [PersonQuery]
        if let items = object["user_item"] {
            people = try list(items, field: "body.user_item").enumerated().map { index, item in
                try userItem(item, field: "body.user_item[\(index)]")
            }
        } else if let items = object["userids"] {
            people = try userids(items, field: "body.userids").map { PersonQuery(userid: $0, userType: nil) }
        } else {
            throw CommandFailure.invalid("body.user_item", "an array of {userid, user_type} (or body.userids), missing")
        }
        return (unique(people), try flags(object))
    }

    static func visitorIDs(_ body: RequestBody) throws -> (ids: [String], flags: PullFlags) {
        let object = try bodyObject(body)
        guard let items = object["userids"] else {
            throw CommandFailure.invalid("body.userids", "an array of UserId/agentid strings, missing")
        }
        let ids = try userids(items, field: "body.userids")
        for (index, id) in ids.enumerated() where !isVisitorID(id) {
            throw CommandFailure.invalid(
                "body.userids[\(index)]", "the visitor form UserId/agentid, got \"\(id.prefix(64))\"")
        }
        return (unique(ids.map { PersonQuery(userid: $0, userType: 1) }).map(\.userid), try flags(object))
    }

    /// `UserId/agentid`: a non-empty userid, one slash, a decimal agentid.
    static func isVisitorID(_ id: String) -> Bool {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        return parts[1].allSatisfy { $0.isASCII && $0.isNumber }
    }

    private static func bodyObject(_ body: RequestBody) throws -> JSONObject {
        guard let value = body.value else { throw CommandFailure.invalid("body", "an object, but it is missing") }
        guard let object = value.objectValue else {
            throw CommandFailure.invalid("body", "an object, got \(value.kindName)")
        }
        return object
    }

    private static func integer(_ object: JSONObject, _ key: String) throws -> Int {
        guard let value = object[key] else {
            throw CommandFailure.invalid("body.\(key)", "an integer, but it is missing")
        }
        guard let number = value.strictIntValue, let int = Int(exactly: number) else {
            throw CommandFailure.invalid("body.\(key)", "an integer, got \(value.jsonText().prefix(40))")
        }
        return int
    }

    private static func flags(_ object: JSONObject) throws -> PullFlags {
        PullFlags(
            fingerprints: try flag(object, "is_req_fp_info") ?? true, faces: try flag(object, "is_req_fa_info") ?? true,
            publicKey: try flag(object, "is_req_public_key") ?? false)
    }

    private static func flag(_ object: JSONObject, _ key: String) throws -> Bool? {
        guard let value = object[key], value != .null else { return nil }
        switch value {
        case .bool(let flag): return flag
        case .integer(0): return false
        case .integer(1): return true
        default: throw CommandFailure.invalid("body.\(key)", "0 or 1, got \(value.jsonText().prefix(40))")
        }
    }

    private static func list(_ value: JSONValue, field: String) throws -> [JSONValue] {
        guard let items = value.arrayValue else {
            throw CommandFailure.invalid(field, "an array, got \(value.kindName)")
        }
        guard !items.isEmpty else { throw CommandFailure.invalid(field, "1-\(maxItems) entries, got 0") }
        guard items.count <= maxItems else {
            throw CommandFailure(
                CloudErrorCode.tooManyItems, "\(field): at most \(maxItems) entries, got \(items.count)")
        }
        return items
    }

    private static func userids(_ value: JSONValue, field: String) throws -> [String] {
        try list(value, field: field).enumerated().map { index, item in
            guard let userid = item.stringValue else {
                throw CommandFailure.invalid("\(field)[\(index)]", "a userid string, got \(item.kindName)")
            }
            return try checkedUserid(userid, field: "\(field)[\(index)]")
        }
    }

    private static func userItem(_ item: JSONValue, field: String) throws -> PersonQuery {
        guard item.objectValue != nil else {
            throw CommandFailure.invalid(field, "an object {userid, user_type}, got \(item.kindName)")
        }
        guard let userid = item["userid"]?.stringValue else {
            throw CommandFailure.invalid("\(field).userid", "a string, got \(item["userid"]?.kindName ?? "nothing")")
        }
        var userType = 0
        if let raw = item["user_type"], raw != .null {
            guard let number = raw.strictIntValue, (0...2).contains(number) else {
                throw CommandFailure.invalid("\(field).user_type", "0, 1 or 2, got \(raw.jsonText().prefix(40))")
            }
            userType = Int(number)
        }
        return PersonQuery(userid: try checkedUserid(userid, field: "\(field).userid"), userType: userType)
    }

    private static func checkedUserid(_ userid: String, field: String) throws -> String {
        let length = userid.utf8.count
        guard (1...UploadRuleChecker.maxUseridBytes).contains(length) else {
            throw CommandFailure.invalid(
                field, "a userid of 1-\(UploadRuleChecker.maxUseridBytes) bytes, got \(length)")
        }
        return userid
    }

    private static func unique(_ people: [PersonQuery]) -> [PersonQuery] {
        var seen: Set<PersonQuery> = []
        return people.filter { seen.insert($0).inserted }
    }
}
