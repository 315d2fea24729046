import ClockTesting
import Enrollment
import Testing

@testable import TerminalDaemon

/// How `enroll local` waits for its enrollment: the end, the time limit or the caller's cancellation
/// (the daemon stopping), whichever comes first.
@Suite("waiting for a local enrollment's end")
struct LocalEnrollmentWaitTests {
    /// An enrollment that does not end until the test cancels it.
    static func endless() -> Task<EnrollmentOutcome?, Never> {
        Task {
            try? await Task.sleep(for: .seconds(3_600))
            return nil
        }
    }

    @Test func theEndIsTakenWhenItComesFirst() async {
        let ended = Task<EnrollmentOutcome?, Never> { nil }
        guard case .ended(nil) = await Terminal.first(of: ended, within: .seconds(60), clock: ManualClock()) else {
            Issue.record("expected the enrollment's end")
            return
        }
    }

    @Test func theLimitEndsTheWaitAndLeavesTheEnrollmentRunning() async {
        let enrollment = Self.endless()
        defer { enrollment.cancel() }
        let clock = ManualClock(sleeping: .jumpsToDeadline)
        guard case .timedOut = await Terminal.first(of: enrollment, within: .seconds(56), clock: clock) else {
            Issue.record("expected the time limit")
            return
        }
        #expect(clock.now.offset == .seconds(56))
        #expect(!enrollment.isCancelled)
    }

    @Test func aCancelledCallerStopsWaitingAtOnce() async {
        let enrollment = Self.endless()
        defer { enrollment.cancel() }
        let waiting = Task { await Terminal.first(of: enrollment, within: .seconds(60), clock: ManualClock()) }
        waiting.cancel()
        guard case .abandoned = await waiting.value else {
            Issue.record("expected the wait to be abandoned")
            return
        }
        #expect(!enrollment.isCancelled)
    }
}
