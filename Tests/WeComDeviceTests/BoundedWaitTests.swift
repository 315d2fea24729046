import Clocks
import Testing

@testable import WeComDevice

@Suite(.timeLimit(.minutes(5))) struct BoundedWaitTests {
    /// The operation's own completion cancels the timer; that cancellation must never read as a timeout (it
    /// once did, now and then, and a send or a connect that had succeeded dropped its socket).
    @Test func anOperationThatCompletesIsNeverReportedAsTimedOut() async {
        let wait = BoundedWait(clock: ContinuousClock(), timeout: .seconds(3600))
        var timedOut = 0
        for attempt in 0..<2000 {
            // A real suspension, so the timer is asleep when the operation cancels it.
            let value = await wait.run(onCancel: .keepWaiting) {
                try? await Task.sleep(for: .microseconds(10))
                return attempt
            }
            if value != attempt { timedOut += 1 }
        }
        #expect(timedOut == 0)
    }

    @Test func theTimeoutEndsTheWaitAndALateResultIsHandedOver() async {
        let clock = TestClock<Duration>()
        let (late, lateContinuation) = AsyncStream<Int>.makeStream()
        let (release, releaseContinuation) = AsyncStream<Void>.makeStream()
        let waiting = Task {
            await BoundedWait(clock: clock, timeout: .seconds(2)).run(onCancel: .keepWaiting) {
                for await _ in release {}
                return 7
            } abandoned: { value in
                lateContinuation.yield(value)
            }
        }
        await settle()
        await clock.advance(by: .seconds(2))
        #expect(await waiting.value == nil)
        releaseContinuation.finish()
        var iterator = late.makeAsyncIterator()
        #expect(await iterator.next() == 7)
    }

    @Test func stopOnCancelEndsTheWaitAtOnce() async {
        let clock = TestClock<Duration>()
        let waiting = Task {
            await BoundedWait(clock: clock, timeout: .seconds(2)).run(onCancel: .stop) {
                try? await Task.sleep(for: .seconds(3600))
                return 1
            }
        }
        await settle()
        waiting.cancel()
        #expect(await waiting.value == nil)
    }
}
