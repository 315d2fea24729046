import Biometrics

import struct Foundation.Date

/// The state of the one accepted operation a machine runs.
struct EnrollmentOperation: Sendable {
    enum Stage: Sendable {
        case lookingUp
        case awaitingFinger
        case capturingFinger
        case awaitingLift
        case buildingTemplate
        case capturingFace
        case fetchingPhoto(EnrollmentPhoto)
        case analysingPhoto(EnrollmentPhoto)
        case checkingDuplicates(Template)
        case committing(CommittedEnrollment)

        /// Stages bounded by the capture deadline.
        var isCapture: Bool {
            switch self {
            case .lookingUp, .awaitingFinger, .capturingFinger, .awaitingLift, .capturingFace, .fetchingPhoto,
                .analysingPhoto:
                true
            case .buildingTemplate, .checkingDuplicates, .committing: false
            }
        }

        /// Stages after capture that the result deadline abandons (a started commit is never abandoned).
        var isProcessing: Bool {
            switch self {
            case .buildingTemplate, .checkingDuplicates: true
            default: false
            }
        }
    }

    let token: EnrollmentToken
    let request: EnrollmentRequest
    let receivedAt: Duration
    let wallClock: Date
    var stage: Stage = .lookingUp
    var userType: UserType
    var slot: SlotID?
    var samples: [FingerSample] = []
    var restartsLeft: Int
    var lastFaceHint: FaceRetryHint?
    /// The image transfer step (`EnrollmentMachine.imageProgressStep` percent) last shown for this press.
    var shownImageStep: Int?

    /// The device answered at least once (a presence poll or a frame).
    var observed = false
    /// A finger / face was seen at least once.
    var detected = false
    /// Presses accepted as samples.
    var acceptedSamples = 0
    /// Captures rejected for quality (not for absence).
    var qualityRejections = 0
    /// Photos of a photo request not yet tried, in order.
    var photosLeft: [EnrollmentPhoto] = []
    /// The failure of the first photo that gave no template (the push's answer when none gives one).
    var firstPhotoFailure: EnrollmentFailure?

    /// Whether the template comes from photos.
    var isPhotoOperation: Bool {
        if case .photos = request.source { true } else { false }
    }

    /// The failure to report when the capture deadline passes; see `EnrollmentFailure`.
    var captureTimeoutFailure: EnrollmentFailure {
        if isPhotoOperation { return firstPhotoFailure ?? .timeout }
        if !observed { return .timeout }
        if !detected { return .nothingDetected(request.modality) }
        if acceptedSamples == 0 && qualityRejections > 0 { return .poorQuality }
        return .timeout
    }
}

extension EnrollmentEvent {
    /// The operation a work answer belongs to; nil for start, tick and cancel.
    var token: EnrollmentToken? {
        switch self {
        case .start, .tick, .cancel: nil
        case .lookedUp(let t, _, _), .fingerPresence(let t, _), .fingerCaptured(let t, _),
            .fingerImageProgress(let t, _),
            .fingerTemplateBuilt(let t, _), .fingerSamplesDoNotMatch(let t), .faceCaptured(let t, _),
            .duplicateChecked(let t, _), .committed(let t), .deviceFailed(let t, _), .storeFailed(let t, _),
            .photoFetched(let t, _), .photoAnalysed(let t, _), .photoRejected(let t, _):
            t
        }
    }
}
