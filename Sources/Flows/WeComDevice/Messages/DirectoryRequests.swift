import Biometrics
import Foundation
import JSONSupport

/// `get_perm_version`: the cloud's current member-list version.
public struct GetPermVersion: DeviceRequest {
    public static let cmd = "get_perm_version"
    public init() {}
    public func body() -> JSONObject? { nil }
    public func decodeResponse(_ response: ResponseEnvelope) throws(WeComError) -> Int64 {
        let reader = try successBody(response)
        return try decoding { () throws(FrameError) in
            try reader.lenientInteger(
                "perm_version", in: ProtocolLimits.permVersion, expected: "a non-negative version")
        }
    }
}

/// A member reference `{userid, user_type}` as used by lists in requests and pushes.
public struct UserRef: Sendable, Hashable {
    public var userid: UserID
    public var userType: UserType

    public init(userid: UserID, userType: UserType = .employee) {
        self.userid = userid
        self.userType = userType
    }

    var json: JSONValue { ["userid": .string(userid.rawValue), "user_type": .integer(Int64(userType.rawValue))] }
}

/// Users per `upload_userinfo`, `check_userid`, `get_userinfo_by_ids` (same as `ProtocolLimits.usersPerRequest`).
public let maxUsersPerRequest = ProtocolLimits.usersPerRequest

/// `check_userid`: which of up to 200 userids are legal for this device.
public struct CheckUserID: DeviceRequest {
    public static let cmd = "check_userid"
    public var users: [UserRef]

    public init(users: [UserRef]) { self.users = users }

    public func body() throws(WeComError) -> JSONObject? {
        guard (1...ProtocolLimits.usersPerRequest).contains(users.count) else {
            throw .invalidRequest(cmd: Self.cmd, reason: "userid_item: expected 1-200 users, got \(users.count)")
        }
        return ["userid_item": .array(users.map(\.json))]
    }

    /// Lists named `*legal*` / `*illegal*` are read (the exact names are not in the spec); items may be
    /// strings or objects with `userid`.
    public func decodeResponse(_ response: ResponseEnvelope) throws(WeComError) -> CheckUserIDResult {
        let reader = try successBody(response)
        return try decoding { () throws(FrameError) in
            var result = CheckUserIDResult(legal: [], illegal: [])
            for key in reader.object.keys.sorted() where key.contains("legal") {
                let ids = try userids(in: reader, key: key, limit: ProtocolLimits.usersPerRequest)
                if key.contains("illegal") { result.illegal += ids } else { result.legal += ids }
            }
            return result
        }
    }
}

/// The answer to `check_userid`.
public struct CheckUserIDResult: Sendable, Hashable {
    public var legal: [String]
    public var illegal: [String]

    public init(legal: [String], illegal: [String]) {
        self.legal = legal
        self.illegal = illegal
    }
}

/// Reads an array of at most `limit` items, each a userid string or an object carrying `userid`.
func userids(in reader: FieldReader, key: String, limit: Int) throws(FrameError) -> [String] {
    let items = try reader.optionalArray(key, limit: limit)
    var result: [String] = []
    for (index, item) in items.enumerated() {
        let itemPath = "\(reader.fieldPath(key))[\(index)]"
        switch item {
        case .string(let userid): result.append(userid)
        case .object(let object): result.append(try FieldReader(object, path: itemPath).string("userid"))
        default:
            throw .wrongType(field: itemPath, expected: "userid string or object with userid", found: item.kindName)
        }
    }
    return result
}

/// `get_userinfo_by_ids`: fetches up to 200 members with their templates.
public struct GetUserInfoByIDs: DeviceRequest {
    public static let cmd = "get_userinfo_by_ids"
    public var users: [UserRef]
    public var includeFingerprints: Bool
    public var includeFaces: Bool

    public init(users: [UserRef], includeFingerprints: Bool = true, includeFaces: Bool = true) {
        self.users = users
        self.includeFingerprints = includeFingerprints
        self.includeFaces = includeFaces
    }

    public func body() throws(WeComError) -> JSONObject? {
        guard (1...ProtocolLimits.usersPerRequest).contains(users.count) else {
            throw .invalidRequest(cmd: Self.cmd, reason: "user_item: expected 1-200 users, got \(users.count)")
        }
        return [
            "user_item": .array(users.map(\.json)),
            "is_req_fp_info": .integer(includeFingerprints ? 1 : 0),
            "is_req_fa_info": .integer(includeFaces ? 1 : 0),
        ]
    }

    public func decodeResponse(_ response: ResponseEnvelope) throws(WeComError) -> UserInfoList {
        let reader = try successBody(response)
        return try decoding { () throws(FrameError) in
            var users: [RemoteUser] = []
            for entry in try reader.objectElements("userinfo", limit: ProtocolLimits.usersPerRequest) {
                users.append(try RemoteUser(entry))
            }
            let permVersion = try reader.optionalLenientInteger(
                "perm_version", in: ProtocolLimits.permVersion, expected: "a non-negative version")
            let unknown = try userids(in: reader, key: "fail_list", limit: ProtocolLimits.usersPerRequest)
            return UserInfoList(permVersion: permVersion, users: users, unknown: unknown)
        }
    }
}

/// The answer to `get_userinfo_by_ids`.
public struct UserInfoList: Sendable, Hashable {
    /// The member-list version, when the cloud includes it.
    public var permVersion: Int64?
    public var users: [RemoteUser]
    /// Requested userids the cloud does not know (`fail_list`): deleted, or never members.
    public var unknown: [String]

    public init(permVersion: Int64?, users: [RemoteUser], unknown: [String] = []) {
        self.permVersion = permVersion
        self.users = users
        self.unknown = unknown
    }
}

/// A member as delivered by a pull (`get_userinfo_by_ids`).
public struct RemoteUser: Sendable, Hashable {
    public var userid: UserID
    public var userType: UserType
    public var name: String?
    public var fingerprintAlgorithm: AlgorithmID
    public var faceAlgorithm: AlgorithmID
    /// Fingerprint templates by slot 0-9.
    public var fingerprints: [Int: Data]
    /// Face templates by slot 0-11.
    public var faces: [Int: Data]
    /// `pass_rule_list` as the cloud sent it (JSON text), nil when absent.
    public var passRules: String?
    /// `public_key` as sent, nil when absent or empty.
    public var publicKey: String?

    public init(
        userid: UserID, userType: UserType = .employee, name: String? = nil,
        fingerprintAlgorithm: AlgorithmID = .default, faceAlgorithm: AlgorithmID = .default,
        fingerprints: [Int: Data] = [:], faces: [Int: Data] = [:], passRules: String? = nil, publicKey: String? = nil
    ) {
        self.userid = userid
        self.userType = userType
        self.name = name
        self.fingerprintAlgorithm = fingerprintAlgorithm
        self.faceAlgorithm = faceAlgorithm
        self.fingerprints = fingerprints
        self.faces = faces
        self.passRules = passRules
        self.publicKey = publicKey
    }

    init(_ reader: FieldReader) throws(FrameError) {
        userid = try PushFields.userid(reader)
        userType = try PushFields.userType(reader)
        name = try reader.optionalString("name")
        passRules = try reader.optionalArray("pass_rule_list").map { rules throws(FrameError) in
            guard rules.count <= ProtocolLimits.passRulesPerMember else {
                throw .tooManyEntries(
                    field: reader.fieldPath("pass_rule_list"), limit: ProtocolLimits.passRulesPerMember,
                    found: rules.count)
            }
            return JSONValue.array(rules).jsonText()
        }
        publicKey = try reader.optionalString("public_key").flatMap { key throws(FrameError) in
            guard key.utf8.count <= ProtocolLimits.publicKeyBytes else {
                throw .invalidValue(
                    field: reader.fieldPath("public_key"),
                    reason: "expected at most \(ProtocolLimits.publicKeyBytes) bytes, got \(key.utf8.count)")
            }
            return key.isEmpty ? nil : key
        }
        // The official example spells the fingerprint key `fp_alogrithm`.
        var fpAlgorithm = try reader.optionalString("fp_algorithm")
        if fpAlgorithm == nil { fpAlgorithm = try reader.optionalString("fp_alogrithm") }
        fingerprintAlgorithm = Self.algorithm(fpAlgorithm)
        faceAlgorithm = Self.algorithm(try reader.optionalString("fa_algorithm"))
        fingerprints = try Self.templates(reader, key: "fp", modality: .fingerprint)
        faces = try Self.templates(reader, key: "fa_list", modality: .face)
    }

    /// Absent or empty means the default algorithm.
    private static func algorithm(_ raw: String?) -> AlgorithmID {
        guard let raw, !raw.isEmpty else { return .default }
        return AlgorithmID(raw)
    }

    private static func templates(_ reader: FieldReader, key: String, modality: Modality) throws(FrameError) -> [Int:
        Data]
    {
        var result: [Int: Data] = [:]
        for entry in try reader.objectElements(key, limit: modality.slotCount) {
            let id = try entry.lenientInt("id", in: modality.slotRange)
            let text = try entry.string("data")
            if text.isEmpty { continue }
            guard let data = Data(base64Encoded: text) else {
                throw .invalidValue(field: entry.fieldPath("data"), reason: "expected base64")
            }
            result[id] = data
        }
        return result
    }
}

/// `get_userinfo_by_page`: one page (≤200) of the full member list, for a full pull.
public struct GetUserInfoByPage: DeviceRequest {
    public static let cmd = "get_userinfo_by_page"
    public var offset: Int
    public var limit: Int
    public var includeFingerprints: Bool
    public var includeFaces: Bool

    public init(
        offset: Int, limit: Int = ProtocolLimits.usersPerRequest, includeFingerprints: Bool = true,
        includeFaces: Bool = true
    ) {
        self.offset = offset
        self.limit = limit
        self.includeFingerprints = includeFingerprints
        self.includeFaces = includeFaces
    }

    public func body() throws(WeComError) -> JSONObject? {
        guard offset >= 0 else { throw .invalidRequest(cmd: Self.cmd, reason: "offset: expected ≥ 0, got \(offset)") }
        guard (1...ProtocolLimits.usersPerRequest).contains(limit) else {
            throw .invalidRequest(cmd: Self.cmd, reason: "limit: expected 1-200, got \(limit)")
        }
        return [
            "offset": .integer(Int64(offset)), "limit": .integer(Int64(limit)),
            "is_req_fp_info": .integer(includeFingerprints ? 1 : 0), "is_req_fa_info": .integer(includeFaces ? 1 : 0),
        ]
    }

    public func decodeResponse(_ response: ResponseEnvelope) throws(WeComError) -> UserInfoPage {
        let reader = try successBody(response)
        return try decoding { () throws(FrameError) in
            var users: [RemoteUser] = []
            for entry in try reader.objectElements("userinfo", limit: ProtocolLimits.usersPerRequest) {
                users.append(try RemoteUser(entry))
            }
            let isLast = try reader.optionalBool("is_last") ?? users.isEmpty
            let permVersion = try reader.lenientInteger(
                "perm_version", in: ProtocolLimits.permVersion, expected: "a non-negative version")
            return UserInfoPage(isLast: isLast, permVersion: permVersion, users: users)
        }
    }
}

/// One page of a full pull; restart from offset 0 if `permVersion` changes between pages.
public struct UserInfoPage: Sendable, Hashable {
    public var isLast: Bool
    public var permVersion: Int64
    public var users: [RemoteUser]

    public init(isLast: Bool, permVersion: Int64, users: [RemoteUser]) {
        self.isLast = isLast
        self.permVersion = permVersion
        self.users = users
    }
}
