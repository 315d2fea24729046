import Biometrics
import Clocks
import Enrollment
import Foundation
import Testing

@Suite(.timeLimit(.minutes(5))) struct RunnerFaceTests {
    @Test func faceSuccessAfterHints() async throws {
        let face = Template(modality: .face, algorithm: AlgorithmID("test-fa"), data: Data([42]))
        let camera = ScriptedCamera(frames: [
            .success(.retry(.noFace)), .success(.retry(.tooDark)), .success(.retry(.tooDark)),
            .success(.template(face)),
        ])
        let h = try await RunnerHarness(camera: camera)
        await h.runner.start(try cloudRequest("op-f", "bob", .face))
        let outcome = try #require(await h.runToCompletion())
        #expect(outcome.result == .enrolled(SlotID(.face, 0)!, reportedWithOperID: true))
        #expect(await camera.frameCount == 4)
        #expect(await h.sink.successes.first?.template == face)
        #expect(await h.log.entries == ["commit-begin bob", "commit-end bob", "deliver-success bob"])
        let prompts = await h.recorder.settle { if case .enrolled = $0 { true } else { false } }
        #expect(
            prompts == [
                .lookAtCamera, .faceHint(.noFace), .faceHint(.tooDark), .processing, .enrolled(SlotID(.face, 0)!),
            ])
    }

    @Test func facesNeverGoodEnoughTimeOutWith104() async throws {
        let camera = ScriptedCamera(frames: Array(repeating: .success(.retry(.blurred)), count: 1_000))
        let h = try await RunnerHarness(camera: camera)
        await h.runner.start(try cloudRequest("op-f", "bob", .face))
        let outcome = try #require(await h.runToCompletion())
        #expect(outcome.result == .failed(.poorQuality, reported: true))
        #expect(outcome.elapsed >= .seconds(45) && outcome.elapsed < .milliseconds(45_200))
    }

    @Test func cameraFaultIs110() async throws {
        let camera = ScriptedCamera(frames: [.success(.retry(.noFace)), .failure(.deviceFault("VIDIOC_DQBUF: ENODEV"))])
        let h = try await RunnerHarness(camera: camera)
        await h.runner.start(try cloudRequest("op-f", "bob", .face))
        let outcome = try #require(await h.runToCompletion())
        #expect(outcome.result == .failed(.deviceFault("camera fault: VIDIOC_DQBUF: ENODEV"), reported: true))
    }

    @Test func noCameraInstalledIsRefusedWith110() async throws {
        let h = try await RunnerHarness(reader: { ScriptedReader(clock: $0, presentDuring: []) })
        let result = await h.runner.start(try cloudRequest("op-f", "bob", .face))
        #expect(result == .rejected(.deviceFault("no fa device installed")))
        #expect(await h.sink.failures.map(\.failure.errcode) == [110])
        #expect(await h.runner.waitForCompletion() == nil)
    }
}

@Suite struct RunnerConfigurationTests {
    struct NullStore: EnrollmentStore {
        func member(_ id: UserID) async throws -> Member? { nil }
        func rememberMember(_ member: Member) async throws {}
        func occupiedSlots(of id: UserID, modality: Modality) async throws -> Set<Int> { [] }
        func templates(modality: Modality, algorithm: AlgorithmID, excluding id: UserID) async throws
            -> [StoredTemplate]
        { [] }
        func commitEnrollment(_ enrollment: CommittedEnrollment) async throws {}
    }

    struct NullSink: EnrollmentResultSink {
        func deliverSuccess(_ enrollment: CommittedEnrollment) async {}
        func deliverFailure(_ failure: FailedEnrollment) async {}
    }

    @Test func deviceWithoutMatcherIsRejected() {
        #expect(throws: EnrollmentConfigurationError.missingMatcher(.face)) {
            try EnrollmentRunner(
                store: NullStore(), sink: NullSink(), fingerprintReader: nil,
                faceCamera: ScriptedCamera(frames: []), fingerprintMatcher: nil, faceMatcher: nil,
                clock: TestClock())
        }
    }

    @Test func matcherOfAnotherAlgorithmIsRejected() {
        let error = EnrollmentConfigurationError.matcherAlgorithmMismatch(
            .face, device: AlgorithmID("test-fa"), matcher: AlgorithmID("other"))
        #expect(throws: error) {
            try EnrollmentRunner(
                store: NullStore(), sink: NullSink(), fingerprintReader: nil,
                faceCamera: ScriptedCamera(frames: []), fingerprintMatcher: nil,
                faceMatcher: ExactMatcher(algorithm: AlgorithmID("other")), clock: TestClock())
        }
        #expect(error.description == "fa matcher: expected algorithm test-fa (the device's), got other")
    }
}
