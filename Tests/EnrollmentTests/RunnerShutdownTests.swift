import Biometrics
import Clocks
import Enrollment
import Foundation
import Testing

/// What the daemon does on SIGTERM: `cancelForShutdown()` ends every enrollment (107 for a cloud
/// operation, a started commit finished first) and returns when the results were handed over.
@Suite(.timeLimit(.minutes(5))) struct RunnerShutdownTests {
    @Test func shutdownDuringCaptureHands107OverAndLeavesTheRunnerIdle() async throws {
        let h = try await RunnerHarness(reader: {
            ScriptedReader(clock: $0, presentDuring: [Duration.seconds(1)..<Duration.seconds(30)], hangInCapture: true)
        })
        await h.runner.start(try cloudRequest("op-1"))
        await h.advance(to: .seconds(2))
        let outcomes = await h.runner.cancelForShutdown()
        #expect(outcomes.map(\.result) == [.failed(.cancelled, reported: true)])
        #expect(await h.sink.failures.map(\.failure.errcode) == [107])
        #expect(await h.runner.runningRequest == nil)
        #expect(elapsed(h.clock) == .seconds(2))
    }

    @Test func shutdownWhenIdleReturnsAtOnce() async throws {
        let h = try await RunnerHarness()
        #expect(await h.runner.cancelForShutdown().isEmpty)
        #expect(await h.sink.failures.isEmpty)
    }

    @Test func shutdownDuringACommitDeliversItThenEndsThePhotosLeft() async throws {
        let source = ScriptedPhotoSource(["a": .bytes(photoBytes(1)), "slow": .hangs])
        let h = try await RunnerHarness(commitDelay: .seconds(2), photos: photoPorts(source))
        guard case .started(let token) = await h.runner.start(try photoRequest([(0, "a"), (1, "slow")])) else {
            Issue.record("the photo push was refused")
            return
        }
        #expect(await h.eventually { await h.log.entries == ["commit-begin alice"] })
        let shutdown = Task { await h.runner.cancelForShutdown() }
        await h.advance(to: .seconds(2))
        let outcomes = await shutdown.value
        #expect(
            outcomes.map(\.result) == [
                .enrolled(SlotID(.face, 0)!, reportedWithOperID: true), .failed(.cancelled, reported: false),
            ])
        #expect(await h.sink.successes.map(\.reportableOperID) == ["op-p"])
        #expect(await h.sink.failures.isEmpty, "the push was answered; the rest sends nothing")
        #expect(await h.runner.runningRequest == nil)
        #expect(await h.runner.waitForCompletion(of: token)?.result == outcomes.first?.result)
    }

    @Test func waitingForAnOperationThatEndedAnswersAtOnce() async throws {
        let h = try await RunnerHarness(photos: photoPorts(ScriptedPhotoSource([:])))
        guard case .started(let token) = await h.runner.start(try photoRequest([(0, "gone")])) else {
            Issue.record("the photo push was refused")
            return
        }
        let outcome = try #require(await h.runner.waitForCompletion(of: token))
        #expect(outcome.result == .failed(.invalidPhoto("download_photo gone: 600404 no photo gone"), reported: true))
        #expect(await h.runner.waitForCompletion(of: token) == outcome)
        #expect(await h.runner.waitForCompletion(of: EnrollmentToken(serial: 99)) == nil)
    }
}
