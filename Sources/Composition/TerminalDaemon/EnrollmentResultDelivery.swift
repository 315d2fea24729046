import Enrollment

/// Where the enrollment flow's results go: each is written to the enrollment log, then a success is
/// sent through the outbox (its row was committed with the template) and a failure straight to the cloud.
public struct EnrollmentResultDelivery: EnrollmentResultSink {
    public let log: EnrollmentLog
    public let outbox: OutboxUploader
    public let failures: FailureResultSender

    public init(log: EnrollmentLog, outbox: OutboxUploader, failures: FailureResultSender) {
        self.log = log
        self.outbox = outbox
        self.failures = failures
    }

    public func deliverSuccess(_ enrollment: CommittedEnrollment) async {
        await log.record(enrollment)
        await outbox.flush()
    }

    public func deliverFailure(_ failure: FailedEnrollment) async {
        await log.record(failure)
        failures.send(failure)
    }
}
