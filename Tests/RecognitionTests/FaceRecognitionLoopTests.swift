import Biometrics
import ClockTesting
import Recognition
import Testing

@Suite("the recognition loop at the camera")
struct FaceRecognitionLoopTests {
    static func loop(
        _ camera: TimelineCamera, clock: ManualClock, arbiter: SensorArbiter, sink: CollectingSink
    ) -> RecognitionLoop {
        RecognitionLoop(
            sensors: RecognitionSensors(
                camera: camera, faceSearcher: PairwiseSearcher(matcher: NameMatcher(algorithm: camera.algorithm))),
            gallery: NamedGallery(members: ["alice", "bob"]), sink: sink, arbiter: arbiter, enrollmentIdle: { true },
            clock: clock)
    }

    static func run(_ loop: RecognitionLoop, clock: ManualClock, until end: Duration) async {
        let running = Task { await loop.run() }
        var spins = 0
        while clock.now.offset < end, spins < 10_000_000 {
            await Task.yield()
            spins += 1
        }
        running.cancel()
        await running.value
    }

    @Test("a member in view passes once; the next person stepping in without an empty frame is looked at at once")
    func queueAtTheDoor() async throws {
        let clock = ManualClock(sleeping: .jumpsToDeadline)
        let camera = TimelineCamera(
            clock: clock,
            views: [
                .init(name: "alice", from: .seconds(2), until: .seconds(12)),
                .init(name: "bob", from: .seconds(12), until: .seconds(15)),
                .init(name: "eve", from: .seconds(15), until: .seconds(17)),
            ])
        let sink = CollectingSink()
        await Self.run(
            Self.loop(camera, clock: clock, arbiter: SensorArbiter(), sink: sink), clock: clock, until: .seconds(20))
        #expect(sink.decisions(of: "alice").first == .passage)
        #expect(sink.decisions(of: "alice").dropFirst().allSatisfy { $0 == .repeated }, "alice stays in view: repeats")
        #expect(sink.decisions(of: "bob").first == .passage, "bob right after alice, no empty frame between")
        #expect(sink.entries.filter { $0.decision == .refused }.count == 1, "eve refused once, not once a glance")
        #expect(camera.count >= 19 && camera.count <= 21, "one glance a second: \(camera.count)")
    }

    @Test("after a face enrollment the face still in view is not a passage; once the view empties it is")
    func enrolledFaceIsQuiet() async throws {
        let clock = ManualClock(sleeping: .jumpsToDeadline)
        let camera = TimelineCamera(
            clock: clock,
            views: [
                .init(name: "alice", from: .zero, until: .seconds(4)),
                .init(name: "alice", from: .seconds(6), until: .seconds(8)),
            ])
        let arbiter = SensorArbiter()
        // The enrollment's own look at the camera, before the loop's first glance.
        _ = try await arbiter.enrolling(.face) { () async throws(FaceCameraError) in try await camera.captureFace() }
        let sink = CollectingSink()
        await Self.run(Self.loop(camera, clock: clock, arbiter: arbiter, sink: sink), clock: clock, until: .seconds(9))
        #expect(sink.decisions(of: "alice") == [.passage, .repeated], "only once the view had emptied at 4 s")
    }
}
