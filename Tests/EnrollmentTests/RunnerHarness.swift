import Biometrics
import Clocks
import Enrollment
import Foundation
import Testing

/// A runner wired to fakes and a TestClock; time moves only when the test advances it.
struct RunnerHarness {
    let clock = TestClock()
    let log = EventLog()
    let store: InMemoryStore
    let sink: RecordingSink
    let runner: EnrollmentRunner
    let recorder = PromptRecorder()
    let reader: ScriptedReader?
    static let wallClock = Date(timeIntervalSince1970: 1_800_000_000)

    init(
        members: [String] = ["alice", "bob"], stored: [StoredTemplate] = [], commitDelay: Duration? = nil,
        settings: EnrollmentSettings = .standard,
        reader: ((TestClock<Duration>) -> ScriptedReader)? = nil,
        camera: ScriptedCamera? = nil,
        photos: PhotoEnrollmentPorts? = nil,
        verifier: (any MemberVerifier)? = nil
    ) async throws {
        store = InMemoryStore(
            members: try members.map { Member(userid: try UserID($0)) }, stored: stored, log: log, clock: clock,
            commitDelay: commitDelay)
        sink = RecordingSink(log: log)
        let fingerprintReader = reader?(clock)
        runner = try EnrollmentRunner(
            store: store, memberVerifier: verifier, sink: sink, fingerprintReader: fingerprintReader,
            faceCamera: camera, fingerprintMatcher: ExactMatcher(algorithm: AlgorithmID("test-fp")),
            faceMatcher: ExactMatcher(algorithm: AlgorithmID("test-fa")), photos: photos,
            clock: clock, wallClock: { Self.wallClock }, settings: settings)
        self.reader = fingerprintReader
        await recorder.record(runner.prompts)
    }

    /// Moves the clock to `target` (since origin) in small steps, letting the runner's tasks react.
    func advance(to target: Duration, step: Duration = .milliseconds(50)) async {
        while elapsed(clock) < target {
            await clock.advance(by: min(step, target - elapsed(clock)))
            for _ in 0..<5 { await Task.yield() }
        }
    }

    /// Advances until the running operation has ended (or `limit`), then returns its outcome.
    func runToCompletion(limit: Duration = .seconds(70)) async -> EnrollmentOutcome? {
        while await runner.runningRequest != nil, elapsed(clock) < limit {
            await advance(to: elapsed(clock) + .milliseconds(50))
        }
        guard await runner.runningRequest == nil else { return nil }
        return await runner.waitForCompletion()
    }

    /// Yields until `condition` holds (no clock time passes); false if it never does.
    func eventually(_ condition: @Sendable () async -> Bool) async -> Bool {
        for _ in 0..<2_000 {
            if await condition() { return true }
            await Task.yield()
        }
        return false
    }
}

/// Finger on the sensor from `start` for `length`, `count` times, with gaps of `gap`.
func presses(
    from start: Duration = .seconds(1), count: Int = 3, length: Duration = .milliseconds(500),
    gap: Duration = .milliseconds(700)
) -> [Range<Duration>] {
    (0..<count).map { k in
        let begin = start + (length + gap) * k
        return begin..<(begin + length)
    }
}
