import Biometrics
import ClockTesting
import Foundation
import Recognition
import Synchronization

/// Templates are the finger's (or face's) name; equal names score 100, others 0.
struct NameMatcher: Matcher {
    let algorithm: AlgorithmID
    var threshold: Int { 50 }

    func score(_ probe: Template, _ reference: Template) async throws -> Int {
        probe.data == reference.data ? 100 : 0
    }
}

/// A sensor following a timeline on the test's clock: who touches it from when to when.
final class TimelineReader: FingerprintReader, Sendable {
    struct Touch: Sendable {
        var name: String
        var from: Duration
        var until: Duration
    }

    let clock: ManualClock
    let touches: [Touch]
    private let calls = Mutex((polls: 0, captures: 0))

    init(clock: ManualClock, touches: [Touch]) {
        self.clock = clock
        self.touches = touches
    }

    var algorithm: AlgorithmID { AlgorithmID("names") }
    var counts: (polls: Int, captures: Int) { calls.withLock { $0 } }

    private var touching: Touch? {
        let now = clock.now.offset
        return touches.first { $0.from <= now && now < $0.until }
    }

    func isFingerPresent() async throws(FingerprintReaderError) -> Bool {
        calls.withLock { $0.polls += 1 }
        return touching != nil
    }

    func capture() async throws(FingerprintReaderError) -> FingerCapture {
        calls.withLock { $0.captures += 1 }
        guard let touch = touching else { return .retry(.noFinger) }
        return .sample(FingerSample(features: Array(touch.name.utf8), quality: 80))
    }

    func enrollTemplate(from samples: [FingerSample]) async throws(FingerprintReaderError) -> Template {
        Template(modality: .fingerprint, algorithm: algorithm, data: Data(samples[0].features))
    }
}

/// Members and their finger names.
struct NamedGallery: RecognitionGallery {
    let members: [String]

    func candidates(modality: Modality, algorithm: AlgorithmID) async throws -> [StoredTemplate] {
        try members.map { name in
            StoredTemplate(
                userid: try UserID(name), slot: SlotID(modality, 0)!,
                template: Template(modality: modality, algorithm: algorithm, data: Data(name.utf8)))
        }
    }
}

/// Keeps what the loop hands over, with the clock's time of each.
final class CollectingSink: RecognitionSink, Sendable {
    struct Entry: Sendable {
        var verdict: RecognitionVerdict
        var decision: RecognitionDecision
    }

    private let state = Mutex((entries: [Entry](), faults: [String]()))
    var entries: [Entry] { state.withLock { $0.entries } }
    var faults: [String] { state.withLock { $0.faults } }

    func record(_ verdict: RecognitionVerdict, decision: RecognitionDecision) async {
        state.withLock { $0.entries.append(Entry(verdict: verdict, decision: decision)) }
    }

    func fault(_ modality: Modality, _ description: String) async {
        state.withLock { $0.faults.append(description) }
    }

    func decisions(of name: String) -> [RecognitionDecision] {
        entries.filter { $0.verdict.userid?.rawValue == name }.map(\.decision)
    }
}

/// A camera following a timeline on the test's clock: whose face is in view from when to when.
final class TimelineCamera: FaceCamera, Sendable {
    let clock: ManualClock
    let views: [TimelineReader.Touch]
    private let glances = Mutex(0)

    init(clock: ManualClock, views: [TimelineReader.Touch]) {
        self.clock = clock
        self.views = views
    }

    var algorithm: AlgorithmID { AlgorithmID("names") }
    var count: Int { glances.withLock { $0 } }

    func captureFace() async throws(FaceCameraError) -> FaceCapture {
        glances.withLock { $0 += 1 }
        let now = clock.now.offset
        guard let view = views.first(where: { $0.from <= now && now < $0.until }) else { return .retry(.noFace) }
        return .template(Template(modality: .face, algorithm: algorithm, data: Data(view.name.utf8)))
    }
}
