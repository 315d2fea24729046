import Biometrics
import ClockTesting
import Recognition
import Testing

@Suite("the recognition loop: passages, repeats, strangers")
struct RecognitionLoopTests {
    static let alice = "alice"
    static let mallory = "mallory"

    /// Runs a fingerprint-only loop over `touches` until the clock passes `end`.
    static func run(
        _ touches: [TimelineReader.Touch], until end: Duration, idle: @escaping @Sendable () async -> Bool = { true }
    ) async -> (CollectingSink, TimelineReader) {
        let clock = ManualClock(sleeping: .jumpsToDeadline)
        let reader = TimelineReader(clock: clock, touches: touches)
        let sink = CollectingSink()
        let loop = RecognitionLoop(
            sensors: RecognitionSensors(
                reader: reader, fingerprintSearcher: PairwiseSearcher(matcher: NameMatcher(algorithm: reader.algorithm))
            ),
            gallery: NamedGallery(members: [alice, "bob"]), sink: sink, arbiter: SensorArbiter(),
            enrollmentIdle: idle, clock: clock, settings: RecognitionSettings())
        let running = Task { await loop.run() }
        // The loop moves the clock (each sleep jumps to its deadline); bounded, so a loop that stopped early
        // fails the test instead of spinning.
        var spins = 0
        while clock.now.offset < end, spins < 10_000_000 {
            await Task.yield()
            spins += 1
        }
        #expect(clock.now.offset >= end, "the loop stopped at \(clock.now.offset)")
        running.cancel()
        await running.value
        return (sink, reader)
    }

    @Test("a member makes one passage per touch; again within the repeat window is a repeat, after it a passage")
    func repeatWindow() async throws {
        let (sink, reader) = await Self.run(
            [
                .init(name: Self.alice, from: .seconds(1), until: .milliseconds(1500)),
                .init(name: Self.alice, from: .seconds(10), until: .milliseconds(10_500)),
                .init(name: Self.alice, from: .seconds(80), until: .milliseconds(80_300)),
            ], until: .seconds(90))
        #expect(sink.decisions(of: Self.alice) == [.passage, .repeated, .passage])
        #expect(reader.counts.captures == 3, "a finger held on the sensor is identified once, not at every poll")
        #expect(reader.counts.polls > 800, "polled every 100 ms: \(reader.counts.polls)")
        let first = try #require(sink.entries.first)
        guard case .recognised(_, let slot, let score, let band) = first.verdict.outcome else {
            Issue.record("expected a recognition, got \(first.verdict.outcome)")
            return
        }
        #expect(slot == SlotID(.fingerprint, 0))
        #expect(score == 100)
        #expect(band == .strong, "100 against the searcher's own threshold of 50")
    }

    @Test("a stranger is refused, never a passage, and once per stranger window rather than once a touch")
    func stranger() async throws {
        let (sink, _) = await Self.run(
            [
                .init(name: Self.mallory, from: .seconds(20), until: .milliseconds(20_400)),
                .init(name: Self.mallory, from: .seconds(22), until: .milliseconds(22_300)),
                .init(name: Self.mallory, from: .seconds(40), until: .milliseconds(40_300)),
            ], until: .seconds(50))
        #expect(sink.entries.map(\.decision) == [.refused, .refused])
        #expect(sink.entries.allSatisfy { $0.verdict.userid == nil && $0.verdict.outcome == .notRecognised })
    }

    @Test("while an enrollment runs the sensor is not even polled")
    func pausedDuringEnrollment() async throws {
        let (sink, reader) = await Self.run(
            [.init(name: Self.alice, from: .seconds(1), until: .seconds(2))], until: .seconds(5), idle: { false })
        #expect(reader.counts.polls == 0)
        #expect(sink.entries.isEmpty)
    }
}
