import Foundation
import JSONSupport

/// A member (or a visitor, `UserId/agentid`) of the simulated corp.
public struct CloudMember: Sendable, Hashable, Codable {
    public var userid: String
    /// 0 employee, 1 visitor, 2 student.
    public var userType: Int
    public var name: String
    /// `pass_rule_list`, served as given.
    public var passRules: [CloudPassRule]
    /// `public_key`, served when a pull asks `is_req_public_key` (empty string when nil).
    public var publicKey: String?

    public init(
        userid: String, userType: Int = 0, name: String, passRules: [CloudPassRule] = [], publicKey: String? = nil
    ) {
        self.userid = userid
        self.userType = userType
        self.name = name
        self.passRules = passRules
        self.publicKey = publicKey
    }
}

/// Template modality as named on the wire (`page_type`).
public enum CloudPageType: String, Sendable, Codable, CaseIterable {
    case fingerprint = "fp"
    case face = "fa"
}

/// A template held by the cloud for one member slot; never exposes the bytes beyond size and hash.
public struct CloudTemplate: Sendable, Hashable, Codable {
    public var userid: String
    public var pageType: CloudPageType
    public var slot: Int
    /// Algorithm label of the upload ("default" when absent).
    public var algorithm: String
    public var size: Int
    /// First 12 hex digits of the sha1 of the bytes.
    public var shortHash: String
    /// The device that delivered it.
    public var sn: String
    public var storedAt: Date
}

/// Life-cycle status of an enrollment operation.
public enum CloudOperationStatus: String, Sendable, Codable {
    /// Pushed, no result yet.
    case pending
    /// Result errcode 0 accepted; templates stored.
    case accepted
    /// The device reported a failure (errcode ≠ 0), or the cloud rejected the result upload.
    case rejected
    /// The result arrived more than 60 s after the push.
    case late
    /// Cancelled by the admin (push_exit_page sent).
    case cancelled

    /// Whether the operation can no longer change.
    public var isTerminal: Bool { self != .pending }
}

/// One admin-triggered enrollment (`push_enter_page`) and its outcome.
public struct CloudOperation: Sendable, Hashable, Codable {
    public var operID: String
    public var sn: String
    public var userid: String
    public var userType: Int
    public var pageType: CloudPageType
    public var pushedAt: Date
    public var status: CloudOperationStatus
    /// Why the status is what it is (device errmsg, cloud rejection reason, "cancelled by admin").
    public var reason: String?
    /// errcode the device reported in its result.
    public var resultErrcode: Int?
    /// errmsg the device reported in its result.
    public var resultErrmsg: String?
    /// Milliseconds between the push and the result.
    public var elapsedMs: Int?
    /// The push that started it.
    public var trigger: CloudOperationTrigger = .enterPage
    /// The photos of a `push_user_face` operation (empty for `push_enter_page`).
    public var photos: [CloudOperationPhoto] = []
}

/// The push an operation started with.
public enum CloudOperationTrigger: String, Sendable, Codable {
    case enterPage = "push_enter_page"
    /// Legacy photo enrollment; the device downloads the photos with `download_photo`.
    case userFace = "push_user_face"
}

/// One photo of a `push_user_face` operation (`face_info[]` entry).
public struct CloudOperationPhoto: Sendable, Hashable, Codable {
    /// Face slot (`face_info[].id`), 0-11.
    public var slot: Int
    public var mediaID: String
    public var mediaType: String
    /// Bytes (`photo_size`).
    public var size: Int
    /// Successful `download_photo` calls for it.
    public var downloads: Int
}

/// Summary of one template slot in an upload.
public struct UploadedSlot: Sendable, Hashable, Codable {
    public var pageType: CloudPageType
    public var slot: Int
    /// Size of the decoded bytes; 0 for a deletion (`data: ""`).
    public var size: Int
    /// Short sha1 of the decoded bytes; nil for a deletion.
    public var shortHash: String?
}

/// Summary of one user entry in an upload.
public struct UploadedUser: Sendable, Hashable, Codable {
    public var userid: String
    public var userType: Int
    public var fpAlgorithm: String?
    public var faAlgorithm: String?
    public var slots: [UploadedSlot]
}

/// Verdict of the cloud on one `upload_userinfo`.
public enum UploadVerdictKind: String, Sendable, Codable {
    case accepted
    case rejected
    case late
}

/// Record of one `upload_userinfo` call, as the admin API reports it.
public struct CloudUploadRecord: Sendable, Hashable, Codable {
    public var index: Int
    public var sn: String?
    public var reqID: String?
    public var operID: String?
    public var receivedAt: Date
    public var verdict: UploadVerdictKind
    /// errcode the cloud answered with.
    public var errcode: Int
    /// Rejection reason, and one "userid: reason" per failed user.
    public var reasons: [String]
    /// Milliseconds since the push, when the upload answers an operation.
    public var elapsedMs: Int?
    public var userCount: Int
    public var failList: [String]
    public var users: [UploadedUser]
}

/// What the admin API reports about a device.
public struct CloudDeviceStatus: Sendable, Hashable, Codable {
    public var sn: String
    public var usesSeedSecretNo: Bool
    public var registered: Bool
    public var bound: Bool
    public var connected: Bool
    public var loggedIn: Bool
    public var firmwareVersion: String?
    public var fpAlgorithms: [String]
    public var faAlgorithms: [String]
    public var lastPing: Date?
}

/// One `get_userinfo_by_page` request a device made.
public struct CloudPageRequest: Sendable, Hashable, Codable {
    public var sn: String
    public var offset: Int
    public var limit: Int
}

/// Faults the admin can inject.
public struct CloudFaults: Sendable, Hashable, Codable {
    /// Users that go into `fail_list` of every upload naming them, and of every `checkin` with a record of theirs.
    public var failUsers: Set<String>
    /// errcode for the next `upload_userinfo` (one shot; the operation stays pending).
    public var rejectNextUpload: Int?
    /// Delay before every response frame, in milliseconds.
    public var delayResponsesMs: Int
    /// How `download_photo` misbehaves (persistent until cleared); nil serves photos correctly.
    public var photoFault: CloudPhotoFault?
    /// What `get_timestamp` answers as `body.timestamp` instead of the cloud's clock (persistent until
    /// cleared), e.g. `.integer(.min)`; nil answers the clock. Signatures are still checked against the clock.
    public var timestampAnswer: JSONValue?
    /// What happens to the connection at the next `upload_userinfo` (one shot); nil answers it.
    public var nextUploadConnection: CloudUploadConnectionFault?
    /// Uploads naming one of these users are refused as a whole with its errcode (persistent until
    /// cleared; the operation stays pending), as the cloud refuses a batch with one undeclared algorithm.
    public var refuseUploadsNaming: [String: Int]
    /// The connection is closed instead of answering any `get_userinfo_by_page` at this offset (persistent
    /// until cleared): a pull cut off part way, every time it comes back to that page.
    public var dropConnectionAtPageOffset: Int?
    /// What happens to the connection at the next `checkin` (one shot, as for uploads); nil answers it.
    public var nextCheckinConnection: CloudUploadConnectionFault?

    public init(
        failUsers: Set<String> = [], rejectNextUpload: Int? = nil, delayResponsesMs: Int = 0,
        photoFault: CloudPhotoFault? = nil, timestampAnswer: JSONValue? = nil,
        nextUploadConnection: CloudUploadConnectionFault? = nil, refuseUploadsNaming: [String: Int] = [:],
        dropConnectionAtPageOffset: Int? = nil, nextCheckinConnection: CloudUploadConnectionFault? = nil
    ) {
        self.failUsers = failUsers
        self.rejectNextUpload = rejectNextUpload
        self.delayResponsesMs = delayResponsesMs
        self.photoFault = photoFault
        self.timestampAnswer = timestampAnswer
        self.nextUploadConnection = nextUploadConnection
        self.refuseUploadsNaming = refuseUploadsNaming
        self.dropConnectionAtPageOffset = dropConnectionAtPageOffset
        self.nextCheckinConnection = nextCheckinConnection
    }
}

/// How the connection misbehaves at an `upload_userinfo` (or a `checkin`), for the fault matrix.
public enum CloudUploadConnectionFault: String, Sendable, Hashable, Codable, CaseIterable {
    /// The connection is closed when the upload arrives; the upload is not applied.
    case dropBeforeApplying = "drop_before_applying"
    /// The upload is applied, then the connection is closed without an answer.
    case dropAfterApplying = "drop_after_applying"
    /// The upload is applied and never answered; the connection stays open (a lost answer).
    case swallowAnswer = "swallow_answer"
}

/// Ways `download_photo` can fail, for device robustness tests.
public enum CloudPhotoFault: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every media_id is answered with errcode 600126 (media unknown), as if it expired.
    case unservable = "unservable"
    /// The binary frame's data is cut to half of its declared `data_len`.
    case truncatedFrame = "truncated_frame"
    /// The binary frame says `format_version` 2.
    case wrongFormatVersion = "wrong_format_version"
    /// Four bytes follow the declared data.
    case trailingBytes = "trailing_bytes"
    /// The binary frame carries a req_id the device never sent.
    case unknownReqID = "unknown_req_id"
}

/// Something that happened in the simulator, for narration.
public enum CloudEvent: Sendable, Hashable {
    case connected(connection: Int)
    case disconnected(connection: Int, sn: String?)
    case requestReceived(connection: Int, sn: String?, cmd: String, reqID: String?)
    case responseSent(connection: Int, sn: String?, reqID: String?, errcode: Int, errmsg: String)
    case pushSent(sn: String, cmd: String, operID: String?)
    case uploadVerdict(CloudUploadRecord)
    case operationChanged(CloudOperation)
}
