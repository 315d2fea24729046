import DeviceSetup
import FingerprintModuleSim
import SimulatedWorld
import TerminalDaemon
import TerminalStore
import TerminalTesting
import Testing
import WeComCloudSim
import WeComDevice

/// One simulated world over loopback: the cloud simulator (real WebSocket server), a simulated ZFM
/// module behind an in-process byte link, and the real daemon composition (`Terminal`).
struct TerminalHarness {
    static let sn = "E2E-TERMINAL"
    let world: SimulatedWorld
    let module: SimulatedZFMModule
    let store: TerminalStore
    let terminal: Terminal
    let reporter: RecordingReporter
    private let fingerprint: InProcessModule
    private let running: RunningTerminal
    /// False for a terminal that joined another harness's cloud: stopping it leaves the cloud running.
    private let ownsCloud: Bool

    var cloud: CloudSimulator { world.cloud }
    var port: Int { world.port }

    /// A terminal on a new cloud with `members`, or (`joining`) a further terminal `sn` of the same
    /// enterprise on another harness's cloud.
    static func start(
        members: [String] = ["wangwu", "zhaoliu"], store: TerminalStore? = nil, face: FaceDevice? = nil,
        joining other: TerminalHarness? = nil, sn: String = sn, registering: Bool = true,
        directoryPageSize: Int = ProtocolLimits.usersPerRequest, awaitLogin: Bool = true
    ) async throws -> TerminalHarness {
        let world =
            if let other {
                registering
                    ? try await other.world.addTerminal(sn: sn, secretNo: "e2e-secret-no-\(sn)")
                    : other.world.terminal(sn: sn, secretNo: "e2e-secret-no-\(sn)")
            } else {
                try await SimulatedWorld.start(sn: sn, secretNo: "e2e-secret-no", members: members.map { ($0, $0) })
            }
        let fingerprint = InProcessModule(SimulatedZFMModule(clock: ContinuousClock()))
        let config = try world.config(#""capture": {"presses": 3, "poll_interval_ms": 50}"#)
        let store = try store ?? TerminalStore.inMemory()
        let reporter = RecordingReporter()
        let running = try await world.startTerminal(
            config: config, store: store, fingerprint: fingerprint.device, face: face, reporter: reporter,
            loginTimeout: awaitLogin ? .seconds(60) : nil, directoryPageSize: directoryPageSize)
        return TerminalHarness(
            world: world, module: fingerprint.module, store: store, terminal: running.terminal, reporter: reporter,
            fingerprint: fingerprint, running: running, ownsCloud: other == nil)
    }

    func stop() async {
        fingerprint.stop()
        running.cancel()
        if ownsCloud { await world.stop() }
    }

    /// Stops the terminal and returns once it has stopped (its cloud keeps running).
    func stopTerminal() async {
        fingerprint.stop()
        await running.stop()
    }

    /// A person pressing `finger` as the terminal's prompts ask (`PromptFollowingFinger`); `whenPolled:
    /// false` is a person who presses three times at once without looking at the terminal.
    func press(_ finger: String, whenPolled: Bool = true) async throws {
        let finger = SimulatedFinger(finger, quality: 90)
        guard whenPolled else {
            module.run(.presses(finger, press: .milliseconds(400), lift: .milliseconds(300), count: 3))
            return
        }
        PromptFollowingFinger(module: module, reporter: reporter).press(finger)
    }

    func waitUntil(_ what: String, timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async throws
    {
        let deadline = ContinuousClock.now + timeout
        while !(try await condition()) {
            guard ContinuousClock.now < deadline else { throw HarnessError("timed out waiting until \(what)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A person who does what the terminal's prompts ask with one finger: places it on "place your finger" /
/// "press again", lifts it on "lift" and when the enrollment ends. Driven by the prompts, not by a
/// timetable, so a busy test machine cannot make presses pass unseen.
struct PromptFollowingFinger {
    let module: SimulatedZFMModule
    let reporter: RecordingReporter

    /// Follows the prompts until the enrollment ends (at most 5 min, a hang guard): those of `operID` from its first
    /// one, or (nil) every prompt from now on.
    func press(_ finger: SimulatedFinger, for operID: String? = nil) {
        let earlier = reporter.events
        var first = earlier.count
        if operID != nil {
            first = 0
        } else {
            module.lift()
            // The terminal may already be asking for the finger.
            if case .prompt(let latest)? = earlier.last(where: { if case .prompt = $0 { true } else { false } }) {
                switch latest.prompt {
                case .placeFinger, .pressAgain: module.place(finger)
                default: break
                }
            }
        }
        Task { [module, reporter] in
            var next = first
            let deadline = ContinuousClock.now + .seconds(300)
            while ContinuousClock.now < deadline {
                let events = reporter.events
                for case .prompt(let event) in events[next...] where operID == nil || event.operID == operID {
                    switch event.prompt {
                    case .placeFinger, .pressAgain: module.place(finger)
                    case .liftFinger, .processing, .pressesDidNotMatch: module.lift()
                    case .enrolled, .failed, .cancelled:
                        module.lift()
                        return
                    case .retry, .readingImage, .lookAtCamera, .faceHint: break
                    }
                }
                next = events.count
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
    }
}
