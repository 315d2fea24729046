import Biometrics
import Measuring

import struct Foundation.Data

/// The terminal's everyday job: while no enrollment runs, poll the fingerprint sensor and look at the
/// camera at a low rate; identify whoever is there (1:N over the terminal's templates) and hand each
/// verdict to the sink, a new passage only when the member was not recognised within the repeat window.
///
/// Enrollment comes first: the loop takes a step only while `enrollmentIdle` says so and the arbiter
/// grants a lease; an enrollment sensor call voids the step in flight (its verdict is dropped).
public actor RecognitionLoop {
    private let sensors: RecognitionSensors
    private let gallery: any RecognitionGallery
    private let sink: any RecognitionSink
    private let arbiter: SensorArbiter
    private let enrollmentIdle: @Sendable () async -> Bool
    private let clock: OffsetClock
    public let settings: RecognitionSettings
    private var filter: RepeatFilter
    /// A finger that was identified stays on the sensor: not identified again until lifted.
    private var fingerStillOn = false
    /// Modalities whose last step failed, so a fault is reported once until a step succeeds.
    private var failing: Set<Modality> = []
    /// Since when the face of a person just enrolled may still be in view: not identified until a glance
    /// sees no face or `settings.enrolledFaceQuiet` has passed. (After an identification the next face is
    /// looked at at once: at a door the next person steps in without an empty frame between.)
    private var enrolledFaceSince: Duration?
    /// The last lease: a sensor claimed by an enrollment since then may still have its person there.
    private var lastLease: RecognitionLease?
    /// A hand-run identification (`attendctl identify`) holds the sensors; the loop waits.
    private var manualRuns = 0

    public init(
        sensors: RecognitionSensors, gallery: any RecognitionGallery, sink: any RecognitionSink,
        arbiter: SensorArbiter, enrollmentIdle: @escaping @Sendable () async -> Bool,
        clock: any Clock<Duration>, settings: RecognitionSettings = RecognitionSettings()
    ) {
        self.sensors = sensors
        self.gallery = gallery
        self.sink = sink
        self.arbiter = arbiter
        self.enrollmentIdle = enrollmentIdle
        self.clock = OffsetClock(clock)
        self.settings = settings
        filter = RepeatFilter(window: settings.repeatWindow, strangerWindow: settings.strangerRepeatWindow)
    }

    /// Runs until the calling task is cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            if sensors.reader != nil {
                group.addTask {
                    await self.repeatEvery(self.settings.fingerprintPollInterval) { await $0.fingerprintStep() }
                }
            }
            if sensors.camera != nil {
                group.addTask { await self.repeatEvery(self.settings.faceInterval) { await $0.faceStep() } }
            }
            await group.waitForAll()
        }
    }

    /// One identification run by hand: waits up to `deadline` for a finger (or a recognisable face),
    /// pre-empting the loop like an enrollment. The verdict is returned, not recorded as a passage.
    public func identifyOnce(_ modality: Modality, deadline: Duration) async throws(RecognitionError)
        -> RecognitionVerdict
    {
        manualRuns += 1
        defer { manualRuns -= 1 }
        let end = clock.now() + deadline
        while clock.now() < end {
            try? await clock.sleepUntil(clock.now() + interval(of: modality))
            if Task.isCancelled { throw .cancelled }
            let verdict: RecognitionVerdict?
            do {
                verdict = try await arbiter.enrolling(modality) { () async throws -> RecognitionVerdict? in
                    switch modality {
                    case .fingerprint: try await self.identifyFinger(waitForLift: false)
                    case .face: try await self.identifyFace(waitForLeaving: false)
                    }
                }
            } catch let error as RecognitionError {
                throw error
            } catch {
                throw .sensor(modality, "\(error)")
            }
            if let verdict { return verdict }
        }
        throw .nothingPresented(modality, deadline)
    }

    private func interval(of modality: Modality) -> Duration {
        modality == .fingerprint ? settings.fingerprintPollInterval : settings.faceInterval
    }

    private func repeatEvery(_ interval: Duration, _ step: @Sendable (isolated RecognitionLoop) async -> Void) async {
        var next = clock.now()
        while !Task.isCancelled {
            next += interval
            do { try await clock.sleepUntil(next) } catch { return }
            await step(self)
            // A clock whose sleeps return at once (a test's) must not keep this thread from everyone else.
            await Task.yield()
            // After a long step (a search, a back-off) the next poll comes one interval later, not at once.
            if next < clock.now() { next = clock.now() }
        }
    }

    private func fingerprintStep() async {
        await step(.fingerprint) { try await self.identifyFinger(waitForLift: true) }
    }

    private func faceStep() async {
        await step(.face) { try await self.identifyFace(waitForLeaving: true) }
    }

    /// One leased step: its verdict counts only when no enrollment claimed the sensors meanwhile.
    private func step(_ modality: Modality, _ body: () async throws -> RecognitionVerdict?) async {
        guard manualRuns == 0, await enrollmentIdle(), let lease = await arbiter.lease() else { return }
        // The enrollment's last press may still be on the sensor, its face still in view: not a passage.
        if lease.sensorClaimed(.fingerprint, since: lastLease) { fingerStillOn = true }
        if lease.sensorClaimed(.face, since: lastLease) { enrolledFaceSince = clock.now() }
        lastLease = lease
        let verdict: RecognitionVerdict?
        do {
            verdict = try await body()
            failing.remove(modality)
        } catch {
            await arbiter.end(lease)
            if failing.insert(modality).inserted { await sink.fault(modality, "\(error)") }
            // A missing or failing sensor is not polled at full rate; its device layer reopens it meanwhile.
            try? await clock.sleepUntil(clock.now() + settings.faultBackoff)
            return
        }
        guard await arbiter.end(lease), let verdict else { return }
        guard let decision = filter.decide(verdict, at: clock.now()) else { return }
        await sink.record(verdict, decision: decision)
    }

    /// A poll; when a newly placed finger is on the sensor, its capture and 1:N. Nil when there is nothing
    /// to decide (no finger, the same finger still on, a capture to retry).
    private func identifyFinger(waitForLift: Bool) async throws -> RecognitionVerdict? {
        guard let reader = sensors.reader else { throw RecognitionError.noSensor(.fingerprint) }
        guard try await reader.isFingerPresent() else {
            fingerStillOn = false
            return nil
        }
        if waitForLift, fingerStillOn { return nil }
        let down = clock.now()
        guard case .sample(let sample) = try await reader.capture() else { return nil }
        fingerStillOn = true
        let probe = Template(modality: .fingerprint, algorithm: reader.algorithm, data: Data(sample.features))
        return try await identify(probe, searcher: sensors.fingerprintSearcher, since: down)
    }

    /// One frame; when it holds a face that passes the gates, its 1:N. Nil when no usable face is in view,
    /// or the one identified (or just enrolled) is still there.
    private func identifyFace(waitForLeaving: Bool) async throws -> RecognitionVerdict? {
        guard let camera = sensors.camera else { throw RecognitionError.noSensor(.face) }
        let asked = clock.now()
        switch try await camera.captureFace() {
        case .retry(.noFace):
            enrolledFaceSince = nil
            return nil
        case .retry:
            return nil
        case .template(let probe):
            if waitForLeaving, let since = enrolledFaceSince {
                guard clock.now() - since >= settings.enrolledFaceQuiet else { return nil }
                enrolledFaceSince = nil
            }
            return try await identify(probe, searcher: sensors.faceSearcher, since: asked)
        }
    }

    private func identify(
        _ probe: Template, searcher: (any TemplateSearcher)?, since start: Duration
    ) async throws -> RecognitionVerdict {
        guard let searcher else { throw RecognitionError.noSearcher(probe.modality) }
        let candidates = try await gallery.candidates(modality: probe.modality, algorithm: probe.algorithm)
        let threshold = settings.thresholds[probe.modality]?.threshold(galleryCount: candidates.count)
        let hit = try await searcher.identify(probe, among: candidates, threshold: threshold)
        let outcome: RecognitionVerdict.Outcome =
            if let hit {
                .recognised(
                    userid: hit.candidate.userid, slot: hit.candidate.slot, score: hit.score,
                    band: ScoreBand(score: hit.score, threshold: hit.threshold))
            } else {
                .notRecognised
            }
        return RecognitionVerdict(modality: probe.modality, outcome: outcome, latency: clock.now() - start)
    }
}
