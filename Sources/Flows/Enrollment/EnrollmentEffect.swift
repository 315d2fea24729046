import Biometrics

import struct Foundation.Data

/// Work the machine asks its runner to do; answers come back as `EnrollmentEvent`s with the same token.
public enum EnrollmentEffect: Sendable, Hashable {
    /// Load the member and its occupied slots of the modality; answer `.lookedUp` or `.storeFailed`.
    case lookUp(EnrollmentToken, UserID, Modality)
    /// Send `.tick` when the clock reaches `at`.
    case wakeUp(EnrollmentToken, at: Duration)
    /// After `after`, ask the reader whether a finger is present; answer `.fingerPresence` or `.deviceFailed`.
    case pollFinger(EnrollmentToken, after: Duration)
    /// Capture the finger on the sensor; answer `.fingerCaptured` or `.deviceFailed`.
    case captureFinger(EnrollmentToken)
    /// Build a template from the presses; answer `.fingerTemplateBuilt`, `.fingerSamplesDoNotMatch` or `.deviceFailed`.
    case buildFingerTemplate(EnrollmentToken, [FingerSample])
    /// After `after`, capture one face frame; answer `.faceCaptured` or `.deviceFailed`.
    case captureFace(EnrollmentToken, after: Duration)
    /// Fetch a photo of a photo request; answer `.photoFetched` or `.photoRejected`.
    case fetchPhoto(EnrollmentToken, mediaID: String)
    /// Turn a fetched photo into a template; answer `.photoAnalysed` or `.photoRejected`.
    case analysePhoto(EnrollmentToken, Data)
    /// Match `template` against every other member's templates; answer `.duplicateChecked` or `.storeFailed`.
    case checkDuplicates(EnrollmentToken, Template, excluding: UserID)
    /// Write template + outbox row in one transaction; answer `.committed` or `.storeFailed`.
    case commit(EnrollmentToken, CommittedEnrollment)
    /// Stop every outstanding piece of work of the operation (it ended).
    case stopWork(EnrollmentToken)
    /// Show a prompt.
    case prompt(EnrollmentPromptEvent)
    /// Hand a committed success to the result sink (after `.committed`).
    case deliverSuccess(CommittedEnrollment)
    /// Hand a cloud failure to the result sink.
    case deliverFailure(FailedEnrollment)
    /// A start refused at once (busy, device missing, algorithm not accepted); the running operation, if any, goes on.
    case rejected(EnrollmentRequest, EnrollmentFailure)
    /// The accepted operation ended.
    case finished(EnrollmentToken, EnrollmentOutcome)
    /// Something worth a log line that changes nothing (ignored cancel, dropped late failure...).
    case notice(String)
}
