import Testing

@testable import WeComDevice

@Suite struct ReconnectBackoffTests {
    @Test func doublesUpToTheMaximumAndResets() {
        var backoff = ReconnectBackoff(initial: .seconds(1), maximum: .seconds(60), jitter: 0)
        let delays = (0..<9).map { _ in backoff.next() }
        #expect(delays == [1, 2, 4, 8, 16, 32, 60, 60, 60].map { Duration.seconds($0) })
        backoff.reset()
        #expect(backoff.next() == .seconds(1))
    }

    @Test func jitterStaysWithinItsFractionAndTheMaximum() {
        var spread: Set<Duration> = []
        for _ in 0..<200 {
            var backoff = ReconnectBackoff(initial: .seconds(10), maximum: .seconds(60), jitter: 0.2)
            let first = backoff.next()
            #expect(first >= .seconds(8) && first <= .seconds(12))
            spread.insert(first)
            for _ in 0..<5 { _ = backoff.next() }
            #expect(backoff.next() <= .seconds(60))
        }
        #expect(spread.count > 1, "jitter must vary the delay")
    }
}
