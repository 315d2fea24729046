import DeviceSetup
import Enrollment
import Recognition
import WeComDevice

/// What the daemon reports as it works: the console prints it, the status file follows it.
public enum TerminalEvent: Sendable {
    case session(SessionState)
    case push(DevicePush)
    case prompt(EnrollmentPromptEvent)
    case outcome(EnrollmentOutcome)
    case uploadSent(UploadSummary)
    case uploadAnswered(UploadSummary, errcode: Int, errmsg: String, failed: [String], roundTrip: Duration)
    case uploadFailed(UploadSummary, reason: String)
    case notice(String)
    /// A device came, went, or failed in a new way (`DevicePresenceTracker`).
    case devicePresence(DeviceRole, DevicePresence)
    /// A recognition verdict and what became of it (a passage, a repeat, a refusal).
    case recognition(RecognitionVerdict, RecognitionDecision)
}

/// An upload described without its template bytes.
public struct UploadSummary: Sendable, Hashable {
    public var operID: String?
    public var errcode: Int?
    public var users: Int
    public var templates: Int
}

extension UploadSummary {
    init(_ upload: UploadUserInfo) {
        operID = upload.result?.operID
        errcode = upload.result?.errcode
        users = upload.users.count
        templates = upload.users.reduce(0) { $0 + ($1.fingerprints?.slots.count ?? 0) + ($1.faces?.slots.count ?? 0) }
    }
}

/// Receives the daemon's events; must not block.
public protocol TerminalReporter: Sendable {
    func report(_ event: TerminalEvent)
}
