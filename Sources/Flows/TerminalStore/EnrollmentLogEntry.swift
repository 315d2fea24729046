import Biometrics
import Foundation

/// One enrollment outcome, kept for `push_fetch_log` / `upload_log` (protocol §13.14).
public struct EnrollmentLogEntry: Hashable, Sendable {
    /// Assigned by the store; 0 for an entry not yet appended.
    public let id: Int64
    public let at: Date
    /// The userid as received (kept raw so that a rejected, malformed userid can be logged too).
    public let userid: String
    public let modality: Modality
    /// The slot written, or nil when the enrollment failed before a slot was chosen.
    public let slot: Int?
    public let operID: String?
    /// 0 on success, else the `errcode` sent (101-110).
    public let errcode: Int
    public let errmsg: String

    public init(
        id: Int64 = 0, at: Date, userid: String, modality: Modality, slot: Int?, operID: String?,
        errcode: Int, errmsg: String
    ) {
        self.id = id
        self.at = at
        self.userid = userid
        self.modality = modality
        self.slot = slot
        self.operID = operID
        self.errcode = errcode
        self.errmsg = errmsg
    }

    /// True for `errcode` 0.
    public var succeeded: Bool { errcode == 0 }
}
