import Biometrics
import Clocks
import Enrollment
import Foundation
import Testing

/// Photo enrollment through the runner with fake ports and a TestClock.
@Suite(.timeLimit(.minutes(5))) struct RunnerPhotoTests {
    @Test func photosAreFetchedAnalysedCommittedAndAnswered() async throws {
        let source = ScriptedPhotoSource(["m-bad": .bytes(photoBytes(7)), "m-good": .bytes(photoBytes(1))])
        let h = try await RunnerHarness(photos: photoPorts(source))
        let started = await h.runner.start(try photoRequest([(1, "m-bad"), (2, "m-good")]))
        guard case .started = started else {
            Issue.record("\(started)")
            return
        }
        let outcome = try #require(await h.runToCompletion())
        #expect(outcome.result == .enrolled(SlotID(.face, 2)!, reportedWithOperID: true))
        #expect(await source.fetched == ["m-bad", "m-good"])
        #expect(await h.sink.successes.map(\.reportableOperID) == ["op-p"])
        #expect(await h.sink.successes.map(\.slot) == [SlotID(.face, 2)!])
        #expect(await h.sink.failures.isEmpty)
        #expect(await h.store.stored.map(\.slot) == [SlotID(.face, 2)!])
        #expect(elapsed(h.clock) < .seconds(1), "no capture wait for photos")
    }

    @Test func unservablePhotoIs111() async throws {
        let h = try await RunnerHarness(photos: photoPorts(ScriptedPhotoSource([:])))
        await h.runner.start(try photoRequest([(0, "m-gone")]))
        let outcome = try #require(await h.runToCompletion())
        let failure = EnrollmentFailure.invalidPhoto("download_photo m-gone: 600404 no photo m-gone")
        #expect(outcome.result == .failed(failure, reported: true))
        #expect(await h.sink.failures.map(\.failure.errmsg) == ["照片无效"])
    }

    @Test func undecodablePhotoIs111() async throws {
        let h = try await RunnerHarness(photos: photoPorts(ScriptedPhotoSource(["m": .bytes(photoBytes(200))])))
        await h.runner.start(try photoRequest([(0, "m")]))
        let outcome = try #require(await h.runToCompletion())
        #expect(outcome.result == .failed(.invalidPhoto("not an image"), reported: true))
    }

    @Test func decodeHeldPastItsDeadlineEndsThePushWith111() async throws {
        let source = ScriptedPhotoSource(["bomb": .bytes(photoBytes(5)), "good": .bytes(photoBytes(1))])
        let h = try await RunnerHarness(photos: photoPorts(source))
        await h.runner.start(try photoRequest([(0, "bomb"), (1, "good")]))
        let outcome = try #require(await h.runToCompletion())
        #expect(outcome.result == .failed(.invalidPhoto("PhotoDecoder: deadline of 5 s passed"), reported: true))
        #expect(await source.fetched == ["bomb"])
        #expect(await h.store.stored.isEmpty)
    }

    @Test func photoPushDuringACameraEnrollmentIs101AndNothingIsWrittenToItsSlot() async throws {
        let face = template(.face, [42])
        let camera = ScriptedCamera(
            frames: Array(repeating: .success(.retry(.noFace)), count: 40) + [.success(.template(face))])
        let source = ScriptedPhotoSource(["m": .bytes(photoBytes(1))])
        let h = try await RunnerHarness(camera: camera, photos: photoPorts(source))
        await h.runner.start(try cloudRequest("op-cam", "alice", .face))
        await h.advance(to: .seconds(1))
        #expect(await h.runner.start(try photoRequest("op-p", "alice", [(0, "m")])) == .rejected(.busy))
        #expect(await h.sink.failures.map(\.operID) == ["op-p"])
        #expect(elapsed(h.clock) == .seconds(1), "answered without waiting")
        let outcome = try #require(await h.runToCompletion())
        #expect(outcome.result == .enrolled(SlotID(.face, 0)!, reportedWithOperID: true))
        #expect(await source.fetched.isEmpty, "the refused push fetched nothing")
        #expect(await h.store.stored.map(\.template) == [face], "slot 0 holds the camera's template only")
    }

    @Test func cameraAndFingerprintPushesDuringAPhotoEnrollmentAre101() async throws {
        let source = ScriptedPhotoSource(["slow": .hangs])
        let h = try await RunnerHarness(
            reader: { ScriptedReader(clock: $0, presentDuring: presses()) },
            camera: ScriptedCamera(frames: [.success(.template(template(.face, [1])))]), photos: photoPorts(source))
        await h.runner.start(try photoRequest([(0, "slow")]))
        #expect(await h.eventually { await source.fetched == ["slow"] })
        #expect(await h.runner.start(try cloudRequest("op-cam", "bob", .face)) == .rejected(.busy))
        #expect(await h.runner.start(try cloudRequest("op-fp", "bob", .fingerprint)) == .rejected(.busy))
        #expect(await h.sink.failures.map(\.operID) == ["op-cam", "op-fp"])
        #expect(await h.runner.runningRequest?.operID == "op-p")
        // The download never ends: the capture deadline ends the push.
        let outcome = try #require(await h.runToCompletion())
        #expect(outcome.result == .failed(.timeout, reported: true))
        #expect(outcome.elapsed >= .seconds(45) && outcome.elapsed < .milliseconds(45_200))
        #expect(await h.eventually { await source.cancelled }, "the download was stopped")
        #expect(await h.sink.failures.map(\.failure.errcode) == [101, 101, 102])
    }

    @Test func secondPhotoPushIs101() async throws {
        let source = ScriptedPhotoSource(["slow": .hangs, "m": .bytes(photoBytes(1))])
        let h = try await RunnerHarness(photos: photoPorts(source))
        await h.runner.start(try photoRequest("op-1", "alice", [(0, "slow")]))
        #expect(await h.runner.start(try photoRequest("op-2", "bob", [(0, "m")])) == .rejected(.busy))
        #expect(await h.sink.failures.map(\.failure.errmsg) == ["设备正忙"])
    }

    @Test func checkUserIDWithoutAnAnswerIs110NotInScopeIs108() async throws {
        let verifier = ScriptedVerifier { id in
            switch id.rawValue {
            case "carol": .inScope(Member(userid: id))
            case "mallory": .notInScope
            default: .noAnswer("check_userid: timeout after 10 s")
            }
        }
        let camera = ScriptedCamera(frames: [.success(.template(template(.face, [3])))])
        let h = try await RunnerHarness(camera: camera, verifier: verifier)
        await h.runner.start(try cloudRequest("op-timeout", "dave", .face))
        let timedOut = try #require(await h.runToCompletion())
        #expect(
            timedOut.result
                == .failed(
                    .deviceFault("check_userid dave: expected an answer, got none: check_userid: timeout after 10 s"),
                    reported: true))
        await h.runner.start(try cloudRequest("op-illegal", "mallory", .face))
        #expect(try #require(await h.runToCompletion()).result == .failed(.unknownMember, reported: true))
        await h.runner.start(try cloudRequest("op-legal", "carol", .face))
        #expect(
            try #require(await h.runToCompletion()).result == .enrolled(SlotID(.face, 0)!, reportedWithOperID: true))
        #expect(await h.sink.failures.map(\.failure.errcode) == [110, 108])
        #expect(await h.store.members[try user("carol")] != nil, "a confirmed member is remembered")
    }

    @Test func algorithmsTheCloudDoesNotAcceptAre109() async throws {
        let h = try await RunnerHarness(
            reader: { ScriptedReader(clock: $0, presentDuring: presses()) },
            photos: photoPorts(ScriptedPhotoSource([:])))
        await h.runner.accept([.fingerprint: [AlgorithmID("zfm-module-char-v1")], .face: [AlgorithmID("other-fa")]])
        #expect(await h.runner.start(try cloudRequest("op-fp")) == .rejected(.unsupportedAlgorithm))
        #expect(await h.runner.start(try photoRequest("op-p", "alice", [(0, "m")])) == .rejected(.unsupportedAlgorithm))
        #expect(await h.sink.failures.map(\.failure.errcode) == [109, 109])
        await h.runner.accept([.fingerprint: [AlgorithmID("test-fp")]])
        #expect(await h.runner.acceptedAlgorithms == [.fingerprint: [AlgorithmID("test-fp")]])
        guard case .started = await h.runner.start(try cloudRequest("op-fp2")) else {
            Issue.record("the fingerprint push was refused after its algorithm was accepted")
            return
        }
    }

    @Test func terminalCancelDuringAPhotoDownloadHands107OverBeforeItReturns() async throws {
        let source = ScriptedPhotoSource(["slow": .hangs])
        let h = try await RunnerHarness(photos: photoPorts(source))
        await h.runner.start(try photoRequest([(0, "slow")]))
        #expect(await h.eventually { await source.fetched == ["slow"] })
        let outcome = await h.runner.cancelOnTerminal()
        #expect(outcome?.result == .failed(.cancelled, reported: true))
        #expect(await h.sink.failures.map(\.failure.errcode) == [107], "handed over when cancelOnTerminal returned")
        #expect(await h.runner.runningRequest == nil)
        #expect(await h.eventually { await source.cancelled })
    }

    @Test func terminalCancelWhenIdleOrCommittingReturnsNil() async throws {
        let h = try await RunnerHarness(
            commitDelay: .seconds(2), photos: photoPorts(ScriptedPhotoSource(["m": .bytes(photoBytes(1))])))
        #expect(await h.runner.cancelOnTerminal() == nil)
        await h.runner.start(try photoRequest([(0, "m")]))
        #expect(await h.eventually { await h.log.entries == ["commit-begin alice"] })
        #expect(await h.runner.cancelOnTerminal() == nil)
        let outcome = try #require(await h.runToCompletion())
        #expect(outcome.result == .enrolled(SlotID(.face, 0)!, reportedWithOperID: true))
        #expect(await h.sink.failures.isEmpty)
    }

    @Test func photoPortsNeedAFaceMatcherOfTheirAlgorithm() {
        let ports = photoPorts(ScriptedPhotoSource([:]))
        #expect(throws: EnrollmentConfigurationError.missingMatcher(.face)) {
            try EnrollmentRunner(
                store: RunnerConfigurationTests.NullStore(), sink: RunnerConfigurationTests.NullSink(),
                fingerprintReader: nil, faceCamera: nil, fingerprintMatcher: nil, faceMatcher: nil, photos: ports,
                clock: TestClock())
        }
        #expect(
            throws: EnrollmentConfigurationError.matcherAlgorithmMismatch(
                .face, device: AlgorithmID("test-fa"), matcher: AlgorithmID("other"))
        ) {
            try EnrollmentRunner(
                store: RunnerConfigurationTests.NullStore(), sink: RunnerConfigurationTests.NullSink(),
                fingerprintReader: nil, faceCamera: nil, fingerprintMatcher: nil,
                faceMatcher: ExactMatcher(algorithm: AlgorithmID("other")), photos: ports, clock: TestClock())
        }
    }
}
