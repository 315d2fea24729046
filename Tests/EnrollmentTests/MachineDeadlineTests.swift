import Biometrics
import Enrollment
import Testing

/// Deadlines are measured from receipt; the request arrives at t0 = 100 s on the machine's clock.
@Suite struct MachineDeadlineTests {
    static let t0: Duration = .seconds(100)

    @Test func stillCapturingAt44_9sAndFailure102At45s() throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest(), at: Self.t0)
        h.press(token)
        #expect(h.send(.tick(Self.t0 + .milliseconds(44_900))).isEmpty)
        #expect(h.send(.fingerPresence(token, true)) == [.captureFinger(token)], "still capturing at 44.9 s")
        let timeout = h.send(.tick(Self.t0 + .seconds(45)))
        #expect(timeout.first == .stopWork(token))
        let failure = try #require(timeout.deliveredFailures.first)
        #expect(failure.failure == .timeout)
        #expect(failure.failure.errmsg == "录入超时")
        #expect(failure.operID == "op-1")
        #expect(timeout.outcome?.elapsed == .seconds(45))
        #expect(timeout.outcome?.result == .failed(.timeout, reported: true))
        #expect(h.send(.fingerCaptured(token, .sample(FingerSample(features: [1], quality: 90)))).isEmpty)
    }

    @Test func neverAFinger103() throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest(), at: Self.t0)
        for _ in 0..<10 { h.send(.fingerPresence(token, false)) }
        let timeout = h.send(.tick(Self.t0 + .seconds(45)))
        #expect(timeout.deliveredFailures.map(\.failure) == [.nothingDetected(.fingerprint)])
        #expect(timeout.deliveredFailures.first?.failure.errmsg == "未检测到手指")
    }

    @Test func fingerSeenButNeverGoodEnough104() throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest(), at: Self.t0)
        for hint in [FingerRetryHint.tooMessy, .tooFewFeatures, .captureFailed] {
            h.send(.fingerPresence(token, true))
            h.send(.fingerCaptured(token, .retry(hint)))
        }
        let timeout = h.send(.tick(Self.t0 + .seconds(46)))
        #expect(timeout.deliveredFailures.map(\.failure) == [.poorQuality])
    }

    @Test func noDeviceAnswerAtAllIs102() throws {
        var h = MachineHarness()
        h.start(try cloudRequest(), at: Self.t0)
        #expect(h.send(.tick(Self.t0 + .seconds(45))).deliveredFailures.map(\.failure) == [.timeout])
    }

    @Test func faceNeverSeen103AndSeenButPoor104() throws {
        var none = MachineHarness()
        let t1 = try none.startKnown(try cloudRequest("op-f", "bob", .face), at: Self.t0)
        none.send(.faceCaptured(t1, .retry(.noFace)))
        #expect(none.send(.tick(Self.t0 + .seconds(45))).deliveredFailures.map(\.failure.errmsg) == ["未检测到人脸"])

        var poor = MachineHarness()
        let t2 = try poor.startKnown(try cloudRequest("op-f", "bob", .face), at: Self.t0)
        poor.send(.faceCaptured(t2, .retry(.noFace)))
        poor.send(.faceCaptured(t2, .retry(.blurred)))
        #expect(poor.send(.tick(Self.t0 + .seconds(45))).deliveredFailures.map(\.failure) == [.poorQuality])
    }

    @Test func configuredCaptureDeadline() throws {
        var h = MachineHarness(settings: try EnrollmentSettings(captureDeadline: .seconds(30)))
        try h.startKnown(try cloudRequest(), at: Self.t0)
        #expect(h.send(.tick(Self.t0 + .milliseconds(29_999))).isEmpty)
        #expect(h.send(.tick(Self.t0 + .seconds(30))).deliveredFailures.count == 1)
    }

    @Test func processingAbandonedAtTheResultDeadlineWithAReportedFailure() throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest(), at: Self.t0)
        h.pressAll(token)
        h.send(.tick(Self.t0 + .seconds(44)))
        h.send(.fingerTemplateBuilt(token, template()))
        #expect(h.send(.tick(Self.t0 + .milliseconds(54_900))).isEmpty, "past the capture deadline, processing goes on")
        let late = h.send(.tick(Self.t0 + .seconds(55)))
        #expect(late.deliveredFailures.map(\.failure) == [.timeout])
        #expect(late.outcome?.result == .failed(.timeout, reported: true))
        #expect(h.send(.duplicateChecked(token, match: nil)).isEmpty, "no commit after abandoning")
    }

    @Test func commitReturningAt55sIsStillReportedWithOperID() throws {
        var h = try Self.committing(at: .seconds(54))
        let token = try h.token()
        #expect(h.send(.tick(Self.t0 + .seconds(55))).isEmpty, "a started commit is never abandoned")
        let done = h.send(.committed(token))
        #expect(done.deliveredSuccesses.first?.reportableOperID == "op-1")
    }

    @Test func successCommittedAfter55sGoesOutWithoutOperID() throws {
        var h = try Self.committing(at: .seconds(54))
        #expect(h.all.commits.first?.withinResultDeadline == true)
        let token = try h.token()
        h.send(.tick(Self.t0 + .milliseconds(55_001)))
        let done = h.send(.committed(token))
        let success = try #require(done.deliveredSuccesses.first)
        #expect(success.operID == "op-1")
        #expect(!success.withinResultDeadline)
        #expect(success.reportableOperID == nil)
        #expect(done.outcome?.result == .enrolled(SlotID(.fingerprint, 0)!, reportedWithOperID: false))
    }

    @Test func nothingWithOperIDAfter60s() throws {
        // A commit that returns at 61 s: stored and delivered for the outbox, but without oper_id.
        var success = try Self.committing(at: .seconds(50))
        let t1 = try success.token()
        success.send(.tick(Self.t0 + .seconds(61)))
        let late = success.send(.committed(t1))
        #expect(late.deliveredSuccesses.map(\.reportableOperID) == [nil])
        #expect(late.deliveredFailures.isEmpty)

        // A commit that fails at 60 s: the failure is dropped, not reported.
        var failure = try Self.committing(at: .seconds(50))
        let t2 = try failure.token()
        failure.send(.tick(Self.t0 + .seconds(60)))
        let dropped = failure.send(.storeFailed(t2, "disk full"))
        #expect(dropped.deliveredFailures.isEmpty)
        #expect(dropped.outcome?.result == .failed(.deviceFault("storage: disk full"), reported: false))
    }

    /// An operation whose commit started at `at` after receipt.
    static func committing(at: Duration) throws -> MachineHarness {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest(), at: t0)
        h.pressAll(token)
        h.send(.fingerTemplateBuilt(token, template()))
        h.send(.tick(t0 + at))
        h.send(.duplicateChecked(token, match: nil))
        #expect(h.all.commits.count == 1)
        return h
    }
}

@Suite struct MachineCancelTests {
    @Test func matchingCloudCancelStopsAndSendsNothing() throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest("op-1"))
        h.press(token)
        let cancel = h.send(.cancel(.cloud(operID: "op-1")))
        #expect(cancel.first == .stopWork(token))
        #expect(cancel.prompts == [.cancelled])
        #expect(cancel.deliveredFailures.isEmpty)
        #expect(cancel.deliveredSuccesses.isEmpty)
        #expect(cancel.outcome?.result == .cancelled)
        #expect(h.machine.isIdle)
        #expect(h.start(try cloudRequest("op-2")).rejections.isEmpty, "idle again")
    }

    @Test func nonMatchingCloudCancelIsIgnored() throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest("op-1"))
        let cancel = h.send(.cancel(.cloud(operID: "op-other")))
        #expect(cancel.allSatisfy { if case .notice = $0 { true } else { false } })
        #expect(h.machine.runningToken == token)
    }

    @Test func cloudCancelOfALocalOperationIsIgnored() throws {
        var h = MachineHarness()
        try h.startKnown(try EnrollmentRequest.local(userid: user("dave"), modality: .fingerprint))
        h.send(.cancel(.cloud(operID: "op-1")))
        #expect(!h.machine.isIdle)
    }

    @Test func cancelDuringCommitIsTooLate() throws {
        var h = try MachineDeadlineTests.committing(at: .seconds(5))
        let token = try h.token()
        #expect(h.send(.cancel(.cloud(operID: "op-1"))).outcome == nil)
        #expect(h.send(.cancel(.terminal)).outcome == nil)
        #expect(h.send(.committed(token)).deliveredSuccesses.count == 1)
    }

    @Test func cancelWithNothingRunning() {
        var h = MachineHarness()
        #expect(h.send(.cancel(.terminal)).outcome == nil)
    }
}
