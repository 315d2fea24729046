import Biometrics
import Measuring

import struct Foundation.Date
import struct Foundation.TimeInterval

/// The machine's decision of how long a cloud operation's result may carry its `oper_id`. It is made
/// on the runner's monotonic clock (`EnrollmentSettings.resultDeadline` after the push's receipt, the
/// one owner of the window) and travels as a wall-clock instant so that the outbox can persist it and
/// still honour it after a restart. Every reader (outbox batching, the failure sender) reads this value
/// and never a window of its own.
///
/// A wall instant read back later is only trusted within bounds: `remaining(atWall:)` never returns
/// more than `remaining`, what was left of the window when the machine decided, so a wall clock that
/// stepped back cannot lengthen the window. Within one process, readers turn it into a monotonic
/// deadline once and wait on their monotonic clock.
public struct ResultDeadline: Sendable, Hashable {
    /// The wall-clock instant the window closes: the receipt's wall time plus the window.
    public let at: Date
    /// What was left of the window when the decision was made (never negative).
    public let remaining: Duration

    public init(at: Date, remaining: Duration) {
        self.at = at
        self.remaining = max(.zero, remaining)
    }

    /// The decision for an operation received at wall instant `receivedAt`, `elapsed` (monotonic) after
    /// its receipt, with a window of `window` (`EnrollmentSettings.resultDeadline`).
    public init(receivedAt: Date, window: Duration, elapsed: Duration) {
        self.init(at: receivedAt.addingTimeInterval(window.seconds), remaining: window - elapsed)
    }

    /// What is left of the window at wall instant `now`, clamped to `0...remaining`.
    public func remaining(atWall now: Date) -> Duration {
        let left = at.timeIntervalSince(now)
        guard left > 0 else { return .zero }
        return min(remaining, .seconds(left))
    }

    /// True while the result may still carry `oper_id` at wall instant `now`.
    public func isOpen(atWall now: Date) -> Bool { remaining(atWall: now) > .zero }
}

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
    /// The machine's result deadline for a cloud operation (nil for a local one): persisted with the
    /// outbox row, it decides how long the upload carries `oper_id`.
    public let resultDeadline: ResultDeadline?

    /// `resultDeadline` defaults to the standard window after `receivedAt` for cloud operations.
    public init(
        operID: String?, userid: UserID, userType: UserType, slot: SlotID, template: Template,
        receivedAt: Date, withinResultDeadline: Bool, resultDeadline: ResultDeadline?
    ) {
        self.operID = operID
        self.userid = userid
        self.userType = userType
        self.slot = slot
        self.template = template
        self.receivedAt = receivedAt
        self.withinResultDeadline = withinResultDeadline
        self.resultDeadline =
            operID == nil
            ? nil
            : resultDeadline
                ?? ResultDeadline(
                    receivedAt: receivedAt, window: EnrollmentSettings.standard.resultDeadline, elapsed: .zero)
    }

    /// The `oper_id` to put in the upload: set only for cloud operations still within the deadline.
    public var reportableOperID: String? { withinResultDeadline ? operID : nil }

    func with(withinResultDeadline: Bool) -> CommittedEnrollment {
        CommittedEnrollment(
            operID: operID, userid: userid, userType: userType, slot: slot, template: template,
            receivedAt: receivedAt, withinResultDeadline: withinResultDeadline, resultDeadline: resultDeadline)
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
    /// The machine's result deadline: the failure is sent until it passes, then dropped.
    public let resultDeadline: ResultDeadline

    public init(
        operID: String, userid: UserID, userType: UserType, modality: Modality, failure: EnrollmentFailure,
        receivedAt: Date, resultDeadline: ResultDeadline
    ) {
        self.operID = operID
        self.userid = userid
        self.userType = userType
        self.modality = modality
        self.failure = failure
        self.receivedAt = receivedAt
        self.resultDeadline = resultDeadline
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
