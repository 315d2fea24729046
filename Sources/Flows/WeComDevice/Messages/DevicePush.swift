import Biometrics

/// `push_enter_page` / `push_exit_page` body: start or cancel an enrollment.
public struct EnrollmentCommand: Sendable, Hashable {
    /// `page_type`: "fp" fingerprint, "fa" face.
    public var modality: Modality
    public var operID: String
    public var userid: UserID
    public var userType: UserType

    public init(modality: Modality, operID: String, userid: UserID, userType: UserType = .employee) {
        self.modality = modality
        self.operID = operID
        self.userid = userid
        self.userType = userType
    }
}

/// `push_change_contact` body.
public struct ContactChange: Sendable, Hashable {
    public var timestamp: Int64?
    public var permVersion: Int64
    public var created: [UserRef]
    public var updated: [UserRef]
    public var deleted: [UserRef]

    public init(timestamp: Int64?, permVersion: Int64, created: [UserRef], updated: [UserRef], deleted: [UserRef]) {
        self.timestamp = timestamp
        self.permVersion = permVersion
        self.created = created
        self.updated = updated
        self.deleted = deleted
    }
}

/// `push_change_userid` body: a member's userid changed; their templates stay.
public struct UserIDChange: Sendable, Hashable {
    public var oldUserID: UserID
    public var newUserID: UserID
    public var permVersion: Int64
    public var userType: UserType

    public init(oldUserID: UserID, newUserID: UserID, permVersion: Int64, userType: UserType = .employee) {
        self.oldUserID = oldUserID
        self.newUserID = newUserID
        self.permVersion = permVersion
        self.userType = userType
    }
}

/// `push_visitor_list_change` body (DOC 93999): visitors by `UserId/agentid`, versioned apart from members.
public struct VisitorListChange: Sendable, Hashable {
    public var visitorVersion: Int64
    public var created: [UserID]
    public var updated: [UserID]
    public var deleted: [UserID]

    public init(visitorVersion: Int64, created: [UserID], updated: [UserID], deleted: [UserID]) {
        self.visitorVersion = visitorVersion
        self.created = created
        self.updated = updated
        self.deleted = deleted
    }
}

/// `push_open_self_input` body: whether members may self-enroll on the terminal.
public struct SelfInputSwitches: Sendable, Hashable {
    public var fingerprint: Bool
    public var face: Bool

    public init(fingerprint: Bool, face: Bool) {
        self.fingerprint = fingerprint
        self.face = face
    }
}

/// One photo of the legacy `push_user_face`.
public struct UserFacePhoto: Sendable, Hashable {
    public var id: Int
    public var mediaID: String
    public var mediaType: String?
    public var photoSize: Int64?

    public init(id: Int, mediaID: String, mediaType: String? = nil, photoSize: Int64? = nil) {
        self.id = id
        self.mediaID = mediaID
        self.mediaType = mediaType
        self.photoSize = photoSize
    }
}

/// Legacy photo-based face enrollment (`push_user_face`), decoded only.
public struct UserFaceCommand: Sendable, Hashable {
    public var operID: String
    public var userid: UserID
    public var userType: UserType
    public var photos: [UserFacePhoto]

    public init(operID: String, userid: UserID, userType: UserType, photos: [UserFacePhoto]) {
        self.operID = operID
        self.userid = userid
        self.userType = userType
        self.photos = photos
    }
}

/// A cloud → device push, decoded. The session never replies to pushes.
public enum DevicePush: Sendable, Hashable {
    case enterPage(EnrollmentCommand)
    case exitPage(EnrollmentCommand)
    case bindCorp
    case unbindCorp
    case changeContact(ContactChange)
    case changeUserID(UserIDChange)
    case changeVisitors(VisitorListChange)
    case openSelfInput(SelfInputSwitches)
    case userFace(UserFaceCommand)
    /// A push this client does not know; logged and ignored by the session.
    case unknown(cmd: String)
    /// A known push whose body is invalid, with the reason.
    case invalid(cmd: String, reason: FrameError)

    /// Decodes a push envelope; never throws: bad bodies become `.invalid`.
    public init(_ envelope: PushEnvelope) {
        do {
            self = try Self.decode(envelope)
        } catch {
            self = .invalid(cmd: envelope.cmd, reason: error)
        }
    }

    private static func decode(_ envelope: PushEnvelope) throws(FrameError) -> DevicePush {
        let body = FieldReader(envelope.body ?? [:], path: "body")
        switch envelope.cmd {
        case "push_enter_page": return .enterPage(try enrollment(body))
        case "push_exit_page": return .exitPage(try enrollment(body))
        case "push_bind_corp": return .bindCorp
        case "push_unbind_corp": return .unbindCorp
        case "push_change_contact": return .changeContact(try contactChange(body))
        case "push_change_userid": return .changeUserID(try userIDChange(body))
        case "push_visitor_list_change": return .changeVisitors(try visitorListChange(body))
        case "push_open_self_input":
            return .openSelfInput(
                SelfInputSwitches(
                    fingerprint: try body.optionalBool("open_self_input_fp") ?? false,
                    face: try body.optionalBool("open_self_input_fa") ?? false))
        case "push_user_face": return .userFace(try userFace(body))
        default: return .unknown(cmd: envelope.cmd)
        }
    }

    private static func enrollment(_ body: FieldReader) throws(FrameError) -> EnrollmentCommand {
        let pageType = try body.string("page_type")
        guard let modality = Modality(rawValue: pageType) else {
            throw .invalidValue(
                field: body.fieldPath("page_type"), reason: "expected \"fp\" or \"fa\", got \"\(pageType.prefix(20))\"")
        }
        return EnrollmentCommand(
            modality: modality, operID: try PushFields.operID(body), userid: try PushFields.userid(body),
            userType: try PushFields.userType(body))
    }

    private static func contactChange(_ body: FieldReader) throws(FrameError) -> ContactChange {
        func refs(_ key: String) throws(FrameError) -> [UserRef] {
            var result: [UserRef] = []
            for entry in try body.objectElements(key, limit: ProtocolLimits.usersPerContactChangeList) {
                result.append(
                    UserRef(
                        userid: try PushFields.userid(entry, maxBytes: ProtocolLimits.changePushUseridBytes),
                        userType: try PushFields.userType(entry)))
            }
            return result
        }
        return ContactChange(
            timestamp: try body.optionalLenientInteger(
                "timestamp", in: ProtocolLimits.timestampSeconds, expected: "Unix seconds as a Uint32"),
            permVersion: try permVersion(body),
            created: try refs("create_user"), updated: try refs("update_user"), deleted: try refs("delete_user"))
    }

    private static func userIDChange(_ body: FieldReader) throws(FrameError) -> UserIDChange {
        let limit = ProtocolLimits.changePushUseridBytes
        return UserIDChange(
            oldUserID: try PushFields.userid(body, key: "old_userid", maxBytes: limit),
            newUserID: try PushFields.userid(body, key: "new_userid", maxBytes: limit),
            permVersion: try permVersion(body), userType: try PushFields.userType(body))
    }

    /// Entries are `{userid, user_type}` objects whose userid has the visitor form `UserId/agentid`.
    private static func visitorListChange(_ body: FieldReader) throws(FrameError) -> VisitorListChange {
        func ids(_ key: String) throws(FrameError) -> [UserID] {
            var result: [UserID] = []
            for entry in try body.objectElements(key, limit: ProtocolLimits.usersPerContactChangeList) {
                let userid = try PushFields.userid(entry)
                guard VisitorID.isValid(userid) else {
                    throw .invalidValue(
                        field: entry.fieldPath("userid"),
                        reason: "expected the visitor form UserId/agentid, got \"\(userid.rawValue.prefix(64))\"")
                }
                result.append(userid)
            }
            return result
        }
        return VisitorListChange(
            visitorVersion: try body.lenientInteger(
                "visitor_version", in: ProtocolLimits.permVersion, expected: "a non-negative version"),
            created: try ids("create_visitor"), updated: try ids("update_visitor"), deleted: try ids("delete_visitor"))
    }

    private static func permVersion(_ body: FieldReader) throws(FrameError) -> Int64 {
        try body.lenientInteger("perm_version", in: ProtocolLimits.permVersion, expected: "a non-negative version")
    }

    private static func userFace(_ body: FieldReader) throws(FrameError) -> UserFaceCommand {
        var photos: [UserFacePhoto] = []
        for entry in try body.objectElements("face_info", limit: ProtocolLimits.photosPerUserFace) {
            let id = try entry.lenientInt("id", in: Modality.face.slotRange)
            photos.append(
                UserFacePhoto(
                    id: id, mediaID: try entry.string("media_id"), mediaType: try entry.optionalString("media_type"),
                    photoSize: try entry.optionalLenientInteger(
                        "photo_size", in: ProtocolLimits.photoSize, expected: "a size in bytes")))
        }
        return UserFaceCommand(
            operID: try PushFields.operID(body), userid: try PushFields.userid(body),
            userType: try PushFields.userType(body), photos: photos)
    }
}

/// Field rules shared by pushes and pulls.
enum PushFields {
    static func operID(_ reader: FieldReader) throws(FrameError) -> String {
        let operID = try reader.string("oper_id")
        guard !operID.isEmpty else {
            throw .invalidValue(field: reader.fieldPath("oper_id"), reason: "expected a non-empty string")
        }
        return operID
    }

    /// A userid of 1-`maxBytes` bytes (128 in enrollment pushes and pulls; 64 in change pushes).
    static func userid(
        _ reader: FieldReader, key: String = "userid", maxBytes: Int = UserID.maxBytes
    ) throws(FrameError) -> UserID {
        let raw = try reader.string(key)
        guard raw.utf8.count <= maxBytes, let userid = try? UserID(raw) else {
            throw .invalidValue(
                field: reader.fieldPath(key), reason: "expected 1-\(maxBytes) bytes, got \(raw.utf8.count)")
        }
        return userid
    }

    /// `user_type`, default 0 when absent.
    static func userType(_ reader: FieldReader) throws(FrameError) -> UserType {
        guard let raw = try reader.optionalLenientInteger("user_type") else { return .employee }
        guard let type = Int(exactly: raw).flatMap(UserType.init(rawValue:)) else {
            throw .invalidValue(field: reader.fieldPath("user_type"), reason: "expected 0, 1 or 2, got \(raw)")
        }
        return type
    }
}
