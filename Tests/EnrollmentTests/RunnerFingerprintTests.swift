import Biometrics
import Clocks
import Enrollment
import Foundation
import Testing

@Suite(.timeLimit(.minutes(5))) struct RunnerFingerprintTests {
    @Test func fullSuccessCommitsThenDeliversWithOperID() async throws {
        let alice = try user("alice")
        let existing = StoredTemplate(userid: alice, slot: SlotID(.fingerprint, 0)!, template: template())
        let h = try await RunnerHarness(
            stored: [existing], reader: { ScriptedReader(clock: $0, presentDuring: presses()) })
        let started = await h.runner.start(try cloudRequest("op-1"))
        guard case .started = started else {
            Issue.record("expected start, got \(started)")
            return
        }

        let outcome = try #require(await h.runToCompletion())
        #expect(outcome.result == .enrolled(SlotID(.fingerprint, 1)!, reportedWithOperID: true))
        #expect(outcome.elapsed < .seconds(5))
        let reader = try #require(h.reader)
        #expect(await reader.captureCount == 3, "one capture per placement: the finger must be lifted in between")
        #expect(await h.log.entries == ["commit-begin alice", "commit-end alice", "deliver-success alice"])
        let success = try #require(await h.sink.successes.first)
        #expect(success.reportableOperID == "op-1")
        #expect(success.slot == SlotID(.fingerprint, 1))
        #expect(success.receivedAt == RunnerHarness.wallClock)
        #expect(success.template.data == Data([1, 2, 3]))
        #expect(await h.sink.failures.isEmpty)
        let prompts = await h.recorder.settle { if case .enrolled = $0 { true } else { false } }
        #expect(
            prompts == [
                .placeFinger(press: 1, of: 3), .liftFinger, .pressAgain(press: 2, of: 3), .liftFinger,
                .pressAgain(press: 3, of: 3), .processing, .enrolled(SlotID(.fingerprint, 1)!),
            ])
        #expect(await h.recorder.events.allSatisfy { $0.operID == "op-1" && $0.userid == alice })
    }

    @Test func slowCommitDelaysDelivery() async throws {
        let h = try await RunnerHarness(
            commitDelay: .seconds(5), reader: { ScriptedReader(clock: $0, presentDuring: presses()) })
        await h.runner.start(try cloudRequest("op-1"))
        // The third press is captured at about 3.4 s; the commit then takes 5 s on the clock.
        #expect(await h.eventually { await h.log.entries.contains("commit-begin alice") } == false)
        await h.advance(to: .seconds(4))
        #expect(await h.eventually { await h.log.entries == ["commit-begin alice"] })
        await h.advance(to: .seconds(8))
        #expect(await h.sink.successes.isEmpty, "no delivery while the commit is running")
        #expect(await h.runner.runningRequest != nil)
        let outcome = try #require(await h.runToCompletion())
        #expect(outcome.result == .enrolled(SlotID(.fingerprint, 0)!, reportedWithOperID: true))
        #expect(await h.log.entries == ["commit-begin alice", "commit-end alice", "deliver-success alice"])
        #expect(await h.store.commits.count == 1)
    }

    @Test func timeoutWithNoFingerIs103AtTheCaptureDeadline() async throws {
        let h = try await RunnerHarness(reader: { ScriptedReader(clock: $0, presentDuring: []) })
        await h.runner.start(try cloudRequest("op-1"))
        await h.advance(to: .milliseconds(44_900))
        #expect(await h.runner.runningRequest?.operID == "op-1", "still capturing at 44.9 s")
        #expect(await h.sink.failures.isEmpty)
        let outcome = try #require(await h.runToCompletion())
        #expect(outcome.result == .failed(.nothingDetected(.fingerprint), reported: true))
        #expect(outcome.elapsed >= .seconds(45) && outcome.elapsed < .milliseconds(45_200))
        let failure = try #require(await h.sink.failures.first)
        #expect(failure.operID == "op-1")
        #expect(failure.failure.errcode == 103)
        #expect(failure.failure.errmsg == "未检测到手指")
        #expect(await h.reader!.polls > 300, "polled every 100 ms for 45 s")
        #expect(await h.store.commits.isEmpty)
    }

    @Test func captureDeadlineStopsAHangingCaptureWith102() async throws {
        let h = try await RunnerHarness(reader: {
            ScriptedReader(clock: $0, presentDuring: [Duration.seconds(1)..<Duration.seconds(60)], hangInCapture: true)
        })
        await h.runner.start(try cloudRequest("op-1"))
        let outcome = try #require(await h.runToCompletion())
        // A finger was detected but no sample ever came back: 102, at the capture deadline.
        #expect(outcome.result == .failed(.timeout, reported: true))
        #expect(outcome.elapsed >= .seconds(45) && outcome.elapsed < .milliseconds(45_200))
        let reader = try #require(h.reader)
        #expect(await h.eventually { await reader.captureCancelled }, "the hanging capture was cancelled")
        #expect(await h.sink.failures.map(\.failure.errmsg) == ["录入超时"])
    }

    @Test func cancelMidCaptureStopsTheCaptureAndSendsNothing() async throws {
        let h = try await RunnerHarness(reader: {
            ScriptedReader(clock: $0, presentDuring: [Duration.seconds(1)..<Duration.seconds(30)], hangInCapture: true)
        })
        await h.runner.start(try cloudRequest("op-1"))
        await h.advance(to: .seconds(2))
        let reader = try #require(h.reader)
        #expect(await reader.captureCount == 1)
        await h.runner.cancel(operID: "op-other")
        #expect(await h.runner.runningRequest?.operID == "op-1", "a cancel for another oper_id changes nothing")
        await h.runner.cancel(operID: "op-1")
        #expect(await h.runner.runningRequest == nil)
        #expect(await h.eventually { await reader.captureCancelled }, "the capture task was cancelled")
        #expect(await h.runner.waitForCompletion()?.result == .cancelled)
        await h.advance(to: .seconds(60))
        #expect(await h.sink.failures.isEmpty)
        #expect(await h.sink.successes.isEmpty)
        let prompts = await h.recorder.settle { $0 == .cancelled }
        #expect(prompts.last == .cancelled)
    }

    @Test func busyDuringCaptureAnswers101AtOnceForTheNewOperID() async throws {
        let h = try await RunnerHarness(reader: {
            ScriptedReader(clock: $0, presentDuring: [Duration.seconds(1)..<Duration.seconds(30)], hangInCapture: true)
        })
        await h.runner.start(try cloudRequest("op-1"))
        await h.advance(to: .seconds(2))
        let second = await h.runner.start(try cloudRequest("op-2", "bob", .fingerprint))
        #expect(second == .rejected(.busy))
        let failures = await h.sink.failures
        #expect(failures.map(\.operID) == ["op-2"])
        #expect(failures.first?.failure.errmsg == "设备正忙")
        #expect(elapsed(h.clock) == .seconds(2), "answered without waiting")
        #expect(await h.runner.runningRequest?.operID == "op-1")
        await h.runner.cancelOnTerminal()
        let outcome = try #require(await h.runner.waitForCompletion())
        #expect(outcome.result == .failed(.cancelled, reported: true))
        #expect(await h.sink.failures.map(\.failure.errcode) == [101, 107])
    }

    @Test func deviceFaultMidEnrollmentIs110() async throws {
        let h = try await RunnerHarness(reader: {
            ScriptedReader(clock: $0, presentDuring: presses(), faultFrom: .seconds(2))
        })
        await h.runner.start(try cloudRequest("op-1"))
        let outcome = try #require(await h.runToCompletion())
        #expect(outcome.result == .failed(.deviceFault("fingerprint sensor fault: sensor unplugged"), reported: true))
        #expect(outcome.elapsed < .seconds(3))
        #expect(await h.sink.failures.map(\.failure.errmsg) == ["设备故障"])
    }

    @Test func mismatchedPressesStartOverThenSucceed() async throws {
        let h = try await RunnerHarness(reader: {
            ScriptedReader(clock: $0, presentDuring: presses(count: 6), mismatches: 1)
        })
        await h.runner.start(try cloudRequest("op-1"))
        let outcome = try #require(await h.runToCompletion())
        #expect(outcome.result == .enrolled(SlotID(.fingerprint, 0)!, reportedWithOperID: true))
        #expect(await h.reader!.captureCount == 6)
        #expect(await h.sink.successes.first?.template.data == Data([4, 5, 6]), "built from the second round")
        let prompts = await h.recorder.settle { if case .enrolled = $0 { true } else { false } }
        #expect(prompts.contains(.pressesDidNotMatch))
    }

    @Test func retryHintsAreShownAndThePressIsRetaken() async throws {
        let h = try await RunnerHarness(reader: {
            ScriptedReader(clock: $0, presentDuring: presses(), captures: [.retry(.tooFewFeatures)])
        })
        await h.runner.start(try cloudRequest("op-1"))
        let outcome = try #require(await h.runToCompletion())
        #expect(outcome.result == .enrolled(SlotID(.fingerprint, 0)!, reportedWithOperID: true))
        #expect(await h.reader!.captureCount == 4)
        let prompts = await h.recorder.settle { if case .enrolled = $0 { true } else { false } }
        #expect(prompts.prefix(3) == [.placeFinger(press: 1, of: 3), .retry(.tooFewFeatures), .liftFinger])
    }

    @Test func duplicateOfAnotherMemberIs105AndNothingIsStored() async throws {
        let bob = StoredTemplate(
            userid: try user("bob"), slot: SlotID(.fingerprint, 3)!,
            template: Template(modality: .fingerprint, algorithm: AlgorithmID("test-fp"), data: Data([1, 2, 3])))
        let h = try await RunnerHarness(stored: [bob], reader: { ScriptedReader(clock: $0, presentDuring: presses()) })
        await h.runner.start(try cloudRequest("op-1"))
        let outcome = try #require(await h.runToCompletion())
        #expect(outcome.result == .failed(.duplicate(.fingerprint), reported: true))
        #expect(await h.store.commits.isEmpty)
        #expect(await h.sink.failures.map(\.failure.errmsg) == ["该指纹已被其他成员录入"])
    }

    @Test func unknownMemberIs108() async throws {
        let h = try await RunnerHarness(reader: { ScriptedReader(clock: $0, presentDuring: presses()) })
        await h.runner.start(try cloudRequest("op-1", "nobody"))
        let outcome = try #require(await h.runToCompletion())
        #expect(outcome.result == .failed(.unknownMember, reported: true))
    }

    @Test func localEnrollmentDeliversWithoutOperID() async throws {
        let h = try await RunnerHarness(reader: { ScriptedReader(clock: $0, presentDuring: presses()) })
        await h.runner.start(try EnrollmentRequest.local(userid: user("bob"), modality: .fingerprint, slot: 7))
        let outcome = try #require(await h.runToCompletion())
        #expect(outcome.result == .enrolled(SlotID(.fingerprint, 7)!, reportedWithOperID: false))
        let success = try #require(await h.sink.successes.first)
        #expect(success.operID == nil)
        #expect(success.reportableOperID == nil)
    }
}
