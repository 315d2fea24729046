import Biometrics
import JSONSupport

/// A visitor's id as the cloud delivers it to a device bound by several apps: `UserId/agentid` (DOC 94005).
public enum VisitorID {
    /// Whether `userid` has the visitor form: a non-empty UserId, a slash, and a decimal agentid.
    public static func isValid(_ userid: UserID) -> Bool {
        guard let slash = userid.rawValue.lastIndex(of: "/") else { return false }
        let agent = userid.rawValue[userid.rawValue.index(after: slash)...]
        return slash != userid.rawValue.startIndex && !agent.isEmpty && agent.allSatisfy(\.isASCII)
            && agent.allSatisfy(\.isNumber)
    }
}

/// `get_visitor_by_ids` (DOC 93989): visitors by their `UserId/agentid`, at most 200 a call.
public struct GetVisitorByIDs: DeviceRequest {
    public static let cmd = "get_visitor_by_ids"
    public var visitors: [UserID]
    public var includeFingerprints: Bool
    public var includeFaces: Bool

    public init(visitors: [UserID], includeFingerprints: Bool = true, includeFaces: Bool = true) {
        self.visitors = visitors
        self.includeFingerprints = includeFingerprints
        self.includeFaces = includeFaces
    }

    public func body() throws(WeComError) -> JSONObject? {
        guard (1...ProtocolLimits.usersPerRequest).contains(visitors.count) else {
            throw .invalidRequest(cmd: Self.cmd, reason: "userids: expected 1-200 visitors, got \(visitors.count)")
        }
        if let bad = visitors.firstIndex(where: { !VisitorID.isValid($0) }) {
            throw .invalidRequest(
                cmd: Self.cmd, reason: "userids[\(bad)]: expected the visitor form UserId/agentid, got \(visitors[bad])"
            )
        }
        return [
            "userids": .array(visitors.map { .string($0.rawValue) }),
            "is_req_fp_info": .integer(includeFingerprints ? 1 : 0),
            "is_req_fa_info": .integer(includeFaces ? 1 : 0),
        ]
    }

    public func decodeResponse(_ response: ResponseEnvelope) throws(WeComError) -> VisitorInfoList {
        let reader = try successBody(response)
        return try decoding { () throws(FrameError) in
            var users: [RemoteUser] = []
            for entry in try reader.objectElements("userinfo", limit: ProtocolLimits.usersPerRequest) {
                users.append(try RemoteUser(entry))
            }
            let version = try reader.optionalLenientInteger(
                "visitor_version", in: ProtocolLimits.permVersion, expected: "a non-negative version")
            let unknown = try userids(in: reader, key: "fail_list", limit: ProtocolLimits.usersPerRequest)
            return VisitorInfoList(visitorVersion: version, visitors: users, unknown: unknown)
        }
    }
}

/// The answer to `get_visitor_by_ids`.
public struct VisitorInfoList: Sendable, Hashable {
    /// The visitor-list version, when the cloud includes it.
    public var visitorVersion: Int64?
    public var visitors: [RemoteUser]
    /// Requested visitors the cloud does not know (`fail_list`).
    public var unknown: [String]

    public init(visitorVersion: Int64?, visitors: [RemoteUser], unknown: [String] = []) {
        self.visitorVersion = visitorVersion
        self.visitors = visitors
        self.unknown = unknown
    }
}
