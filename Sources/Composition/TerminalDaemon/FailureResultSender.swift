import Enrollment
import Foundation
import Logging
import WeComDevice

/// Sends failure results straight to the cloud (they have no outbox row): retried every second until
/// the result deadline the enrollment machine decided (`FailedEnrollment.resultDeadline`), then dropped
/// and logged, as enrollment.md says. The deadline's wall instant is read once, clamped to what was
/// decided, and waited for on the monotonic clock: a wall clock step cannot lengthen it.
public struct FailureResultSender: Sendable {
    private let cloud: any CloudUploading
    private let clock: any Clock<Duration>
    private let wallClock: @Sendable () -> Date
    private let reporter: any TerminalReporter
    private let logger: Logger

    static let retryPause: Duration = .seconds(1)

    public init(
        cloud: any CloudUploading, clock: any Clock<Duration>, wallClock: @escaping @Sendable () -> Date,
        reporter: any TerminalReporter, logger: Logger
    ) {
        self.cloud = cloud
        self.clock = clock
        self.wallClock = wallClock
        self.reporter = reporter
        self.logger = logger
    }

    /// Starts sending `failure` in its own task and returns at once.
    public func send(_ failure: FailedEnrollment) {
        let upload = UploadUserInfo(
            result: .init(operID: failure.operID, errcode: failure.failure.errcode, errmsg: failure.failure.errmsg),
            users: [.failure(userid: failure.userid, userType: failure.userType)])
        let remaining = failure.resultDeadline.remaining(atWall: wallClock())
        Task { await self.send(upload, for: remaining, on: self.clock) }
    }

    private func send<C: Clock<Duration>>(_ upload: UploadUserInfo, for remaining: Duration, on clock: C) async {
        let deadline = clock.now.advanced(by: remaining)
        let summary = UploadSummary(upload)
        var reportedFailure = false
        reporter.report(.uploadSent(summary))
        // The first try is made whatever the clock says: the machine handed this failure over as still
        // reportable (a processing timeout is decided exactly at the deadline); only retries are bounded.
        var firstTry = true
        while firstTry || clock.now < deadline {
            firstTry = false
            let started = ContinuousClock.now
            do {
                let response = try await cloud.uploadUserInfo(upload)
                reporter.report(
                    .uploadAnswered(
                        summary, errcode: response.errcode, errmsg: response.errmsg, failed: response.failList,
                        roundTrip: started.duration(to: .now)))
                return
            } catch {
                if !reportedFailure {
                    reporter.report(
                        .uploadFailed(summary, reason: "\(error); retrying every second until the result deadline"))
                    reportedFailure = true
                }
            }
            do { try await clock.sleep(for: Self.retryPause) } catch { return }
        }
        let reason =
            "the failure result of oper_id \(summary.operID ?? "-") was not delivered by its result deadline; dropped"
        logger.warning("\(reason)")
        reporter.report(.notice(reason))
    }
}
