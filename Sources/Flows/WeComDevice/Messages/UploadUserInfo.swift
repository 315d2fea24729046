import Biometrics
import Foundation
import JSONSupport

/// One slot change in an upload: store a template, or (explicitly) delete the slot with `data: ""`.
public enum UploadSlot: Sendable, Hashable {
    case store(id: Int, data: Data)
    case delete(id: Int)

    public var id: Int {
        switch self {
        case .store(let id, _), .delete(let id): id
        }
    }
}

/// The templates of one modality for one user, all of one algorithm.
public struct UploadTemplateSet: Sendable, Hashable {
    public var algorithm: AlgorithmID
    public var slots: [UploadSlot]

    public init(algorithm: AlgorithmID, slots: [UploadSlot]) {
        self.algorithm = algorithm
        self.slots = slots
    }
}

/// One `userinfo[]` entry. A failure entry carries only `userid` and `user_type`.
public struct UploadUserEntry: Sendable, Hashable {
    public var userid: UserID
    public var userType: UserType
    /// `fp` + `fp_algorithm`; nil omits both.
    public var fingerprints: UploadTemplateSet?
    /// `fa_list` + `fa_algorithm`; nil omits both.
    public var faces: UploadTemplateSet?

    public init(
        userid: UserID, userType: UserType = .employee, fingerprints: UploadTemplateSet? = nil,
        faces: UploadTemplateSet? = nil
    ) {
        self.userid = userid
        self.userType = userType
        self.fingerprints = fingerprints
        self.faces = faces
    }

    /// The entry of a failed enrollment: no templates, so nothing is deleted.
    public static func failure(userid: UserID, userType: UserType = .employee) -> UploadUserEntry {
        UploadUserEntry(userid: userid, userType: userType)
    }

    /// An entry storing `templates` (all of one member); one algorithm per modality is required.
    public init(userid: UserID, userType: UserType = .employee, storing templates: [StoredTemplate])
        throws(RequestFieldError)
    {
        try self.init(
            userid: userid, userType: userType,
            changes: templates.map {
                SlotChange(slot: $0.slot, algorithm: $0.template.algorithm, data: $0.template.data)
            })
    }

    /// An entry carrying slot changes of one member (stores and explicit deletions), grouped by
    /// modality in slot order; one algorithm per modality is required.
    public init(userid: UserID, userType: UserType = .employee, changes: [SlotChange]) throws(RequestFieldError) {
        self.init(userid: userid, userType: userType)
        for modality in Modality.allCases {
            let ofModality = changes.filter { $0.slot.modality == modality }.sorted { $0.slot < $1.slot }
            guard let first = ofModality.first else { continue }
            let key = modality == .fingerprint ? "fp_algorithm" : "fa_algorithm"
            if let other = ofModality.first(where: { $0.algorithm != first.algorithm }) {
                throw RequestFieldError(
                    field: key, expected: "one algorithm per modality", got: "\(first.algorithm) and \(other.algorithm)"
                )
            }
            let set = UploadTemplateSet(
                algorithm: first.algorithm,
                slots: ofModality.map { change in
                    change.data.map { .store(id: change.slot.index, data: $0) } ?? .delete(id: change.slot.index)
                })
            if modality == .fingerprint { fingerprints = set } else { faces = set }
        }
    }
}

/// One slot of a member to upload: a template to store, or (with `data` nil) a deletion.
public struct SlotChange: Sendable, Hashable {
    public var slot: SlotID
    public var algorithm: AlgorithmID
    public var data: Data?

    public init(slot: SlotID, algorithm: AlgorithmID, data: Data?) {
        self.slot = slot
        self.algorithm = algorithm
        self.data = data
    }
}

/// Why a request (`upload_userinfo`, `checkin`) would be rejected before sending; names the field.
public struct RequestFieldError: Error, Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public var expected: String
    public var got: String

    public init(field: String, expected: String, got: String) {
        self.field = field
        self.expected = expected
        self.got = got
    }

    public var description: String { "\(field): expected \(expected), got \(got)" }
}

/// `upload_userinfo`: the enrollment result and/or templates of up to 200 users.
public struct UploadUserInfo: DeviceRequest, Hashable {
    public static let cmd = "upload_userinfo"

    /// `oper_id` + `errcode` + `errmsg`: all three, for a result answering a push within the minute.
    public struct OperationResult: Sendable, Hashable {
        public var operID: String
        public var errcode: Int
        public var errmsg: String

        public init(operID: String, errcode: Int, errmsg: String) {
            self.operID = operID
            self.errcode = errcode
            self.errmsg = errmsg
        }

        /// Success: `errcode` 0, `errmsg` "ok".
        public static func success(operID: String) -> OperationResult {
            OperationResult(operID: operID, errcode: 0, errmsg: "ok")
        }
    }

    public var result: OperationResult?
    public var users: [UploadUserEntry]

    public init(result: OperationResult? = nil, users: [UploadUserEntry]) {
        self.result = result
        self.users = users
    }

    /// Checks every protocol limit; the error names the offending field.
    public func validate() throws(RequestFieldError) {
        if let result {
            guard !result.operID.isEmpty else {
                throw RequestFieldError(field: "oper_id", expected: "a non-empty string", got: "\"\"")
            }
            guard result.errcode == 0 || !result.errmsg.isEmpty else {
                throw RequestFieldError(
                    field: "errmsg", expected: "a reason for errcode \(result.errcode)", got: "\"\"")
            }
        }
        guard (1...ProtocolLimits.usersPerRequest).contains(users.count) else {
            throw RequestFieldError(
                field: "userinfo", expected: "1-\(ProtocolLimits.usersPerRequest) users", got: "\(users.count)")
        }
        for (index, user) in users.enumerated() {
            let path = "userinfo[\(index)]"
            let bytes = user.userid.rawValue.utf8.count
            guard (1...UserID.maxBytes).contains(bytes) else {
                throw RequestFieldError(
                    field: "\(path).userid", expected: "1-\(UserID.maxBytes) bytes", got: "\(bytes)")
            }
            if let set = user.fingerprints { try Self.validate(set, modality: .fingerprint, entryPath: path) }
            if let set = user.faces { try Self.validate(set, modality: .face, entryPath: path) }
        }
    }

    private static func validate(_ set: UploadTemplateSet, modality: Modality, entryPath: String)
        throws(RequestFieldError)
    {
        let path = entryPath + (modality == .fingerprint ? ".fp" : ".fa_list")
        guard !set.algorithm.rawValue.isEmpty else {
            throw RequestFieldError(
                field: entryPath + (modality == .fingerprint ? ".fp_algorithm" : ".fa_algorithm"),
                expected: "a non-empty algorithm id", got: "\"\"")
        }
        guard (1...modality.slotCount).contains(set.slots.count) else {
            throw RequestFieldError(
                field: path, expected: "1-\(modality.slotCount) entries", got: "\(set.slots.count)")
        }
        var seen: Set<Int> = []
        for (index, slot) in set.slots.enumerated() {
            guard modality.slotRange.contains(slot.id) else {
                throw RequestFieldError(
                    field: "\(path)[\(index)].id",
                    expected: "\(modality.slotRange.lowerBound)-\(modality.slotRange.upperBound)",
                    got: "\(slot.id)")
            }
            guard seen.insert(slot.id).inserted else {
                throw RequestFieldError(
                    field: "\(path)[\(index)].id", expected: "a slot listed once", got: "\(slot.id) again")
            }
            if case .store(_, let data) = slot, data.isEmpty {
                throw RequestFieldError(
                    field: "\(path)[\(index)].data", expected: "a non-empty template (use .delete to clear a slot)",
                    got: "empty data")
            }
        }
    }

    /// The validated `body` object. Slot ids are JSON numbers; template data is base64.
    public func validatedBody() throws(RequestFieldError) -> JSONObject {
        try validate()
        var body: JSONObject = [:]
        if let result {
            body["oper_id"] = .string(result.operID)
            body["errcode"] = .integer(Int64(result.errcode))
            body["errmsg"] = .string(result.errmsg)
        }
        body["userinfo"] = .array(users.map(Self.json))
        return body
    }

    private static func json(_ user: UploadUserEntry) -> JSONValue {
        var entry: JSONObject = [
            "userid": .string(user.userid.rawValue), "user_type": .integer(Int64(user.userType.rawValue)),
        ]
        if let set = user.fingerprints {
            entry["fp"] = json(set.slots)
            entry["fp_algorithm"] = .string(set.algorithm.rawValue)
        }
        if let set = user.faces {
            entry["fa_list"] = json(set.slots)
            entry["fa_algorithm"] = .string(set.algorithm.rawValue)
        }
        return .object(entry)
    }

    private static func json(_ slots: [UploadSlot]) -> JSONValue {
        .array(
            slots.map { slot in
                switch slot {
                case .store(let id, let data): ["id": .integer(Int64(id)), "data": .string(data.base64EncodedString())]
                case .delete(let id): ["id": .integer(Int64(id)), "data": ""]
                }
            })
    }

    public func body() throws(WeComError) -> JSONObject? {
        do {
            return try validatedBody()
        } catch {
            throw .invalidRequest(cmd: Self.cmd, reason: error.description)
        }
    }

    /// Never throws for a non-zero `errcode`: the caller inspects `errcode` and `failList`.
    public func decodeResponse(_ response: ResponseEnvelope) throws(WeComError) -> UploadUserInfoResponse {
        let reader = FieldReader(response.body ?? [:], path: "body")
        let failList = try decoding { () throws(FrameError) in
            try userids(in: reader, key: "fail_list", limit: ProtocolLimits.usersPerRequest)
        }
        return UploadUserInfoResponse(errcode: response.errcode, errmsg: response.errmsg, failList: failList)
    }
}

/// The answer to `upload_userinfo`.
public struct UploadUserInfoResponse: Sendable, Hashable {
    public var errcode: Int
    public var errmsg: String
    /// Userids the cloud did not accept; retry only these.
    public var failList: [String]

    public init(errcode: Int, errmsg: String, failList: [String]) {
        self.errcode = errcode
        self.errmsg = errmsg
        self.failList = failList
    }

    /// `errcode` 0 and no failed users.
    public var isCompleteSuccess: Bool { errcode == 0 && failList.isEmpty }
}
