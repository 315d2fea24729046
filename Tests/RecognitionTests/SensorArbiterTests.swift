import Biometrics
import ClockTesting
import Foundation
import Recognition
import Synchronization
import Testing

/// A reader whose capture waits at a gate the test opens.
final class GatedReader: FingerprintReader, Sendable {
    private let gate = Mutex<(opened: Bool, waiter: CheckedContinuation<Void, Never>?, entered: Int)>((false, nil, 0))
    var algorithm: AlgorithmID { AlgorithmID("names") }
    var capturesEntered: Int { gate.withLock { $0.entered } }

    func isFingerPresent() async throws(FingerprintReaderError) -> Bool { true }

    func capture() async throws(FingerprintReaderError) -> FingerCapture {
        await withCheckedContinuation { continuation in
            let open = gate.withLock { state in
                state.entered += 1
                if state.opened { return true }
                state.waiter = continuation
                return false
            }
            if open { continuation.resume() }
        }
        return .sample(FingerSample(features: Array("alice".utf8), quality: 80))
    }

    func open() {
        let waiter = gate.withLock { state in
            state.opened = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    func enrollTemplate(from samples: [FingerSample]) async throws(FingerprintReaderError) -> Template {
        Template(modality: .fingerprint, algorithm: algorithm, data: Data(samples[0].features))
    }
}

@Suite("enrollment pre-empts recognition")
struct SensorArbiterTests {
    @Test("an enrollment call waits for the recognition step in flight, and that step's verdict is dropped")
    func preemptsTheStepInFlight() async throws {
        let clock = ManualClock(sleeping: .jumpsToDeadline)
        let reader = GatedReader()
        let arbiter = SensorArbiter()
        let sink = CollectingSink()
        let loop = RecognitionLoop(
            sensors: RecognitionSensors(
                reader: reader, fingerprintSearcher: PairwiseSearcher(matcher: NameMatcher(algorithm: reader.algorithm))
            ),
            gallery: NamedGallery(members: ["alice"]), sink: sink, arbiter: arbiter, enrollmentIdle: { true },
            clock: clock)
        let running = Task { await loop.run() }
        while reader.capturesEntered == 0 { await Task.yield() }

        let enrolled = Mutex(false)
        let enrollment = Task {
            try await arbiter.enrolling(.fingerprint) { () async throws(FingerprintReaderError) in
                enrolled.withLock { $0 = true }
                return try await reader.isFingerPresent()
            }
        }
        while await !arbiter.enrollmentActive { await Task.yield() }
        for _ in 0..<100 { await Task.yield() }
        #expect(enrolled.withLock { $0 } == false, "the enrollment call waits for the step in flight")
        reader.open()
        #expect(try await enrollment.value)
        #expect(enrolled.withLock { $0 })
        running.cancel()
        await running.value
        #expect(sink.entries.isEmpty, "the press the enrollment wanted never becomes a passage: \(sink.entries)")
    }

    @Test("no lease while an enrollment call runs; a lease after it ends")
    func leases() async throws {
        let arbiter = SensorArbiter()
        let lease = try #require(await arbiter.lease())
        #expect(await arbiter.lease() == nil, "one step at a time")
        #expect(await arbiter.end(lease))
        let inside = try await arbiter.enrolling(.fingerprint) {
            () async throws(FingerprintReaderError) -> RecognitionLease? in
            await arbiter.lease()
        }
        #expect(inside == nil)
        let after = try #require(await arbiter.lease())
        #expect(await arbiter.end(after))
    }
}
