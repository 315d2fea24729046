import Biometrics
import FingerprintModuleSim
import Recognition
import TerminalDaemon
import TerminalStore
import Testing
import WeComCloudSim

/// Issue 16: the recognition loop in the real daemon composition, on the simulated module over its
/// link, with passages reaching the cloud simulator by `checkin`.
@Suite("End to end: recognition at the door", .serialized, .timeLimit(.minutes(5)))
struct RecognitionEndToEndTests {
    /// The recognition events the terminal reported, repeats left out.
    static func verdicts(_ world: TerminalHarness) -> [(RecognitionVerdict, RecognitionDecision)] {
        world.reporter.events.compactMap { event in
            guard case .recognition(let verdict, let decision) = event, decision != .repeated else { return nil }
            return (verdict, decision)
        }
    }

    static func enroll(_ userid: String, finger: String, in world: TerminalHarness) async throws {
        let operID = try await world.cloud.pushEnrollment(
            sn: TerminalHarness.sn, userid: userid, pageType: .fingerprint)
        try await world.press(finger)
        let operation = try await world.cloud.waitForOperation(operID, timeout: .seconds(60))
        #expect(operation.status == .accepted, "\(operation.reason ?? "")")
        try await liftAndWaitForPolls(world)
    }

    /// Lifts the finger and waits until the loop has polled the empty sensor (a finger swapped between two
    /// polls is the same touch to it, as it would be to any sensor).
    static func liftAndWaitForPolls(_ world: TerminalHarness) async throws {
        world.module.lift()
        let polls = world.module.count(of: .genImg)
        try await world.waitUntil("the empty sensor is polled") { world.module.count(of: .genImg) >= polls + 2 }
    }

    /// Puts `finger` on the sensor until the terminal has reported a verdict more than before, then lifts it.
    static func touch(_ finger: String, in world: TerminalHarness) async throws -> (
        RecognitionVerdict, RecognitionDecision
    ) {
        let before = verdicts(world).count
        world.module.place(SimulatedFinger(finger, quality: 90))
        do {
            try await world.waitUntil("a verdict for \(finger)") { verdicts(world).count > before }
        } catch {
            let notices = world.reporter.events.compactMap { if case .notice(let text) = $0 { text } else { nil } }
            Issue.record("no verdict for \(finger); the terminal's notices: \(notices)")
            throw error
        }
        try await liftAndWaitForPolls(world)
        return verdicts(world)[before]
    }

    @Test("an enrolled member's touch is a passage the cloud receives; a stranger is refused; enrollment pre-empts")
    func passagesAndRefusals() async throws {
        let world = try await TerminalHarness.start()
        defer { Task { await world.stop() } }
        try await Self.enroll("wangwu", finger: "wangwu-right-index", in: world)
        #expect(Self.verdicts(world).isEmpty, "the enrollment's presses made no passage: \(Self.verdicts(world))")

        let (verdict, decision) = try await Self.touch("wangwu-right-index", in: world)
        #expect(decision == .passage)
        #expect(verdict.userid?.rawValue == "wangwu")
        #expect(verdict.modality == .fingerprint)
        try await world.waitUntil("the cloud has wangwu's passage", timeout: .seconds(60)) {
            await world.cloud.passages().contains { $0.userid == "wangwu" }
        }
        let passage = try #require(await world.cloud.passages().first)
        #expect(passage.passMethod == 4, "fingerprint")

        let (refusal, refused) = try await Self.touch("a-stranger-thumb", in: world)
        #expect(refused == .refused)
        #expect(refusal.userid == nil)

        // The same member again at once: recognised, but no second passage within the repeat window.
        world.module.place(SimulatedFinger("wangwu-right-index", quality: 90))
        try await world.waitUntil("wangwu recognised again") {
            world.reporter.events.contains { event in
                if case .recognition(let again, .repeated) = event { again.userid?.rawValue == "wangwu" } else { false }
            }
        }
        try await Self.liftAndWaitForPolls(world)
        #expect(try world.store.passageCounts().pending + world.store.passageCounts().acknowledged == 1)
        #expect(await world.cloud.passages().count == 1, "the refusal and the repeat are not passages")

        // A second member enrolls while recognition runs; then passes too.
        try await Self.enroll("zhaoliu", finger: "zhaoliu-left-thumb", in: world)
        #expect(!Self.verdicts(world).contains { $0.0.userid?.rawValue == "zhaoliu" })
        let (second, secondDecision) = try await Self.touch("zhaoliu-left-thumb", in: world)
        #expect(second.userid?.rawValue == "zhaoliu" && secondDecision == .passage)
        try await world.waitUntil("the cloud has zhaoliu's passage", timeout: .seconds(60)) {
            await world.cloud.passages().contains { $0.userid == "zhaoliu" }
        }
    }
}

@Suite("End to end: attendctl identify", .serialized, .timeLimit(.minutes(5)))
struct IdentifyByHandTests {
    @Test("identify by hand names the member and records no passage; a stranger is an error reply")
    func byHand() async throws {
        let world = try await TerminalHarness.start()
        defer { Task { await world.stop() } }
        try await RecognitionEndToEndTests.enroll("wangwu", finger: "wangwu-right-index", in: world)
        let passagesBefore = try world.store.passageCounts()

        for (finger, recognised) in [("wangwu-right-index", true), ("a-stranger-thumb", false)] {
            let asking = Task { await world.terminal.handleControl(.identify(.fingerprint)) }
            try await Task.sleep(for: .milliseconds(200))
            world.module.place(SimulatedFinger(finger, quality: 90))
            let reply = await asking.value
            try await RecognitionEndToEndTests.liftAndWaitForPolls(world)
            #expect(reply.ok == recognised, "\(reply.message)")
            #expect(reply.message.contains(recognised ? "recognised wangwu by fingerprint" : "not recognised"))
            #expect(reply.message.contains("no passage recorded"))
        }
        #expect(try world.store.passageCounts() == passagesBefore, "by hand: no passage")
        #expect(RecognitionEndToEndTests.verdicts(world).isEmpty, "the loop stood aside meanwhile")
    }
}
