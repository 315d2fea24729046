import Biometrics
import Clocks
import Enrollment
import Foundation

/// What the fakes saw, in the order they saw it.
actor EventLog {
    private(set) var entries: [String] = []
    func append(_ entry: String) { entries.append(entry) }
}

/// Time since the TestClock's origin.
func elapsed(_ clock: TestClock<Duration>) -> Duration {
    TestClock<Duration>.Instant().duration(to: clock.now)
}

/// An in-memory store; `commitDelay` makes the commit take that long on the test clock.
actor InMemoryStore: EnrollmentStore {
    private(set) var members: [UserID: Member]
    private(set) var stored: [StoredTemplate]
    private(set) var commits: [CommittedEnrollment] = []
    private let log: EventLog
    private let clock: TestClock<Duration>
    private let commitDelay: Duration?

    init(
        members: [Member], stored: [StoredTemplate] = [], log: EventLog, clock: TestClock<Duration>,
        commitDelay: Duration? = nil
    ) {
        self.members = Dictionary(uniqueKeysWithValues: members.map { ($0.userid, $0) })
        self.stored = stored
        self.log = log
        self.clock = clock
        self.commitDelay = commitDelay
    }

    func member(_ id: UserID) -> Member? { members[id] }

    func rememberMember(_ member: Member) { members[member.userid] = member }

    func occupiedSlots(of id: UserID, modality: Modality) -> Set<Int> {
        Set(stored.filter { $0.userid == id && $0.slot.modality == modality }.map(\.slot.index))
    }

    func templates(modality: Modality, algorithm: AlgorithmID, excluding id: UserID) -> [StoredTemplate] {
        stored.filter { $0.userid != id && $0.slot.modality == modality && $0.template.algorithm == algorithm }
    }

    func commitEnrollment(_ enrollment: CommittedEnrollment) async throws {
        await log.append("commit-begin \(enrollment.userid)")
        if let commitDelay { try await clock.sleep(for: commitDelay) }
        stored.removeAll { $0.userid == enrollment.userid && $0.slot == enrollment.slot }
        stored.append(StoredTemplate(userid: enrollment.userid, slot: enrollment.slot, template: enrollment.template))
        commits.append(enrollment)
        await log.append("commit-end \(enrollment.userid)")
    }
}

/// Records what the runner delivers.
actor RecordingSink: EnrollmentResultSink {
    private(set) var successes: [CommittedEnrollment] = []
    private(set) var failures: [FailedEnrollment] = []
    private let log: EventLog

    init(log: EventLog) { self.log = log }

    func deliverSuccess(_ enrollment: CommittedEnrollment) async {
        await log.append("deliver-success \(enrollment.userid)")
        successes.append(enrollment)
    }

    func deliverFailure(_ failure: FailedEnrollment) async {
        await log.append("deliver-failure \(failure.operID) \(failure.failure.errcode)")
        failures.append(failure)
    }
}

/// A fingerprint reader whose finger is on the sensor during `presentDuring` (TestClock time).
actor ScriptedReader: FingerprintReader {
    nonisolated let algorithm = AlgorithmID("test-fp")
    private let clock: TestClock<Duration>
    private let presentDuring: [Range<Duration>]
    private var captures: [FingerCapture]
    private let hangInCapture: Bool
    private let faultFrom: Duration?
    private var mismatches: Int
    private(set) var polls = 0
    private(set) var captureCount = 0
    private(set) var captureCancelled = false

    /// `captures` are answered first; then every capture gives a good sample. `mismatches`: how many
    /// template builds throw `samplesDoNotMatch`. `faultFrom`: every call fails from that time on.
    init(
        clock: TestClock<Duration>, presentDuring: [Range<Duration>], captures: [FingerCapture] = [],
        hangInCapture: Bool = false, faultFrom: Duration? = nil, mismatches: Int = 0
    ) {
        self.clock = clock
        self.presentDuring = presentDuring
        self.captures = captures
        self.hangInCapture = hangInCapture
        self.faultFrom = faultFrom
        self.mismatches = mismatches
    }

    func isFingerPresent() async throws(FingerprintReaderError) -> Bool {
        polls += 1
        let now = elapsed(clock)
        if let faultFrom, now >= faultFrom { throw .deviceFault("sensor unplugged") }
        return presentDuring.contains { $0.contains(now) }
    }

    func capture() async throws(FingerprintReaderError) -> FingerCapture {
        captureCount += 1
        if hangInCapture {
            do {
                try await clock.sleep(for: .seconds(1000))
            } catch {
                captureCancelled = true
                return .retry(.captureFailed)
            }
        }
        if !captures.isEmpty { return captures.removeFirst() }
        return .sample(FingerSample(features: [UInt8(captureCount)], quality: 80))
    }

    func enrollTemplate(from samples: [FingerSample]) async throws(FingerprintReaderError) -> Template {
        if mismatches > 0 {
            mismatches -= 1
            throw .samplesDoNotMatch
        }
        return Template(modality: .fingerprint, algorithm: algorithm, data: Data(samples.flatMap(\.features)))
    }
}

/// A camera + extractor answering scripted frame outcomes; after the script, `.retry(.noFace)`.
actor ScriptedCamera: FaceCamera {
    nonisolated let algorithm = AlgorithmID("test-fa")
    private var frames: [Result<FaceCapture, FaceCameraError>]
    private(set) var frameCount = 0

    init(frames: [Result<FaceCapture, FaceCameraError>]) { self.frames = frames }

    func captureFace() async throws(FaceCameraError) -> FaceCapture {
        frameCount += 1
        guard !frames.isEmpty else { return .retry(.noFace) }
        return try frames.removeFirst().get()
    }
}

/// Same bytes = same finger / face.
struct ExactMatcher: Matcher {
    let algorithm: AlgorithmID
    let threshold = 50
    func score(_ probe: Template, _ reference: Template) async throws -> Int {
        probe.data == reference.data ? 100 : 0
    }
}

/// Collects the runner's prompt stream in the background.
actor PromptRecorder {
    private(set) var events: [EnrollmentPromptEvent] = []
    private var task: Task<Void, Never>?

    func record(_ stream: AsyncStream<EnrollmentPromptEvent>) {
        task = Task { for await event in stream { self.add(event) } }
    }

    private func add(_ event: EnrollmentPromptEvent) { events.append(event) }

    var prompts: [EnrollmentPrompt] { events.map(\.prompt) }

    /// Waits (yielding, no clock time) until a prompt satisfying `done` has arrived.
    func settle(until done: @Sendable (EnrollmentPrompt) -> Bool) async -> [EnrollmentPrompt] {
        for _ in 0..<2_000 where !events.contains(where: { done($0.prompt) }) { await Task.yield() }
        return prompts
    }

    func stop() { task?.cancel() }
}
