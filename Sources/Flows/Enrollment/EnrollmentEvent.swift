import Biometrics

import struct Foundation.Data
import struct Foundation.Date

/// Identifies one accepted operation inside a machine, so late results of stopped work are ignored.
public struct EnrollmentToken: Sendable, Hashable, CustomStringConvertible {
    public let serial: UInt64
    public init(serial: UInt64) { self.serial = serial }
    public var description: String { "op#\(serial)" }
}

/// Who cancels.
public enum EnrollmentCancel: Sendable, Hashable {
    /// `push_exit_page`: acts only when `operID` is the running operation's; nothing is sent.
    case cloud(operID: String)
    /// The operator on the terminal: failure 107, reported to the cloud when the operation came from it.
    case terminal
}

/// An input to `EnrollmentMachine`. Times are monotonic offsets on one clock, chosen by the caller.
public enum EnrollmentEvent: Sendable, Hashable {
    /// A request received at `at` (monotonic) / `wallClock` (for the results).
    case start(EnrollmentRequest, at: Duration, wallClock: Date)
    /// The current time; deadlines are checked against it. Time never goes backwards.
    case tick(Duration)
    case cancel(EnrollmentCancel)
    /// Answer to `.lookUp`: the stored member (nil when unknown) and its occupied slots of the modality.
    case lookedUp(EnrollmentToken, member: Member?, occupied: Set<Int>)
    /// Answer to `.pollFinger`.
    case fingerPresence(EnrollmentToken, Bool)
    /// Answer to `.captureFinger`.
    case fingerCaptured(EnrollmentToken, FingerCapture)
    /// While `.captureFinger` runs: how far the press's image has come over from the sensor.
    case fingerImageProgress(EnrollmentToken, FingerImageTransfer)
    /// Answer to `.buildFingerTemplate`: the template.
    case fingerTemplateBuilt(EnrollmentToken, Template)
    /// Answer to `.buildFingerTemplate`: the reader threw `samplesDoNotMatch`.
    case fingerSamplesDoNotMatch(EnrollmentToken)
    /// Answer to `.captureFace`.
    case faceCaptured(EnrollmentToken, FaceCapture)
    /// Answer to `.fetchPhoto`: the photo's bytes.
    case photoFetched(EnrollmentToken, Data)
    /// Answer to `.analysePhoto`: the photo's template.
    case photoAnalysed(EnrollmentToken, Template)
    /// Answer to `.fetchPhoto` or `.analysePhoto`: the photo gives no template.
    case photoRejected(EnrollmentToken, PhotoRejection)
    /// Answer to `.checkDuplicates`: the other member whose template matched, or nil.
    case duplicateChecked(EnrollmentToken, match: UserID?)
    /// Answer to `.commit`: the transaction returned.
    case committed(EnrollmentToken)
    /// The reader or camera threw `deviceFault`.
    case deviceFailed(EnrollmentToken, String)
    /// The store or a matcher threw.
    case storeFailed(EnrollmentToken, String)
}
