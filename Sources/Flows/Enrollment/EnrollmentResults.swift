import Biometrics

import struct Foundation.Date

/// A template ready to be (or just) committed to a member's slot.
public struct CommittedEnrollment: Sendable, Hashable {
    /// `oper_id` of a cloud operation; nil for a local one.
    public let operID: String?
    public let userid: UserID
    /// The push's `user_type` for cloud operations, the stored member's for local ones.
    public let userType: UserType
    public let slot: SlotID
    public let template: Template
    /// Wall-clock instant the request was received.
    public let receivedAt: Date
    /// Whether the result deadline had not passed when this value was made. The copy handed to
    /// `commitEnrollment` is evaluated when the commit started; the copy handed to `deliverSuccess`
    /// is re-evaluated after the commit returned. When false, upload WITHOUT `oper_id`/`errcode`/`errmsg`.
    public let withinResultDeadline: Bool

    public init(
        operID: String?, userid: UserID, userType: UserType, slot: SlotID, template: Template,
        receivedAt: Date, withinResultDeadline: Bool
    ) {
        self.operID = operID
        self.userid = userid
        self.userType = userType
        self.slot = slot
        self.template = template
        self.receivedAt = receivedAt
        self.withinResultDeadline = withinResultDeadline
    }

    /// The `oper_id` to put in the upload: set only for cloud operations still within the deadline.
    public var reportableOperID: String? { withinResultDeadline ? operID : nil }

    func with(withinResultDeadline: Bool) -> CommittedEnrollment {
        CommittedEnrollment(
            operID: operID, userid: userid, userType: userType, slot: slot, template: template,
            receivedAt: receivedAt, withinResultDeadline: withinResultDeadline)
    }
}

/// A failed cloud operation, to be reported with its `oper_id` (never produced for cancelled ones).
public struct FailedEnrollment: Sendable, Hashable {
    public let operID: String
    public let userid: UserID
    public let userType: UserType
    public let modality: Modality
    public let failure: EnrollmentFailure
    /// Wall-clock instant the request was received.
    public let receivedAt: Date

    public init(
        operID: String, userid: UserID, userType: UserType, modality: Modality, failure: EnrollmentFailure,
        receivedAt: Date
    ) {
        self.operID = operID
        self.userid = userid
        self.userType = userType
        self.modality = modality
        self.failure = failure
        self.receivedAt = receivedAt
    }
}

/// How one accepted operation ended.
public struct EnrollmentOutcome: Sendable, Hashable {
    public enum Result: Sendable, Hashable {
        /// Committed to `slot`; `reportedWithOperID` is false for local operations and late successes.
        case enrolled(SlotID, reportedWithOperID: Bool)
        /// Failed; `reported` tells whether a failure upload with `oper_id` was handed to the sink.
        case failed(EnrollmentFailure, reported: Bool)
        /// Cancelled by the cloud (`push_exit_page`); nothing is sent.
        case cancelled
    }

    public let request: EnrollmentRequest
    public let result: Result
    /// Time from receipt to the end of the operation.
    public let elapsed: Duration

    public init(request: EnrollmentRequest, result: Result, elapsed: Duration) {
        self.request = request
        self.result = result
        self.elapsed = elapsed
    }
}
