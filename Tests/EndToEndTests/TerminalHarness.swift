import Biometrics
import DeviceSetup
import FingerprintModule
import FingerprintModuleSim
import Foundation
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
    let cloud: CloudSimulator
    let module: SimulatedZFMModule
    let store: TerminalStore
    let terminal: Terminal
    let reporter: RecordingReporter
    let port: Int
    private let tasks: [Task<Void, Never>]

    static func start(
        members: [String] = ["wangwu", "zhaoliu"], store: TerminalStore? = nil, face: FaceDevice? = nil
    ) async throws -> TerminalHarness {
        let cloud = CloudSimulator()
        try await cloud.addDevice(sn: sn, secretNo: "e2e-secret-no")
        for member in members { try await cloud.addMember(userid: member, name: member) }
        try await cloud.bind(sn: sn)
        let port = try await cloud.start(host: "127.0.0.1", port: 0)

        let module = SimulatedZFMModule(clock: ContinuousClock())
        let pair = InProcessLinkPair()
        let serving = Task { await module.serve(pair.device) }
        let fingerprint = FingerprintDevice(
            link: pair.host, address: 0xFFFF_FFFF, password: 0, description: "in-process ZFM simulator")

        let config = try DaemonConfig.parse(
            Data(
                """
                {"cloud": {"endpoint": "ws://127.0.0.1:\(port)/", "sn": "\(sn)", "secret_no": "e2e-secret-no"},
                 "capture": {"presses": 3, "poll_interval_ms": 50}}
                """.utf8))
        let store = try store ?? TerminalStore.inMemory()
        let reporter = RecordingReporter()
        let terminal = try Terminal(
            config: config, store: store, fingerprint: fingerprint, face: face, transport: WSClientTransport(),
            reporter: reporter)
        let running = Task { await terminal.run() }
        let harness = TerminalHarness(
            cloud: cloud, module: module, store: store, terminal: terminal, reporter: reporter, port: port,
            tasks: [serving, running])
        try await harness.waitUntil("the device logs in") {
            await cloud.devices().first?.loggedIn == true
        }
        return harness
    }

    func stop() async {
        for task in tasks { task.cancel() }
        await cloud.stop()
    }

    /// A person who does what the terminal's prompts ask with one finger: places it on "place your
    /// finger" / "press again", lifts it on "lift" and when the enrollment ends. Driven by the prompts,
    /// not by a timetable, so a busy test machine cannot make presses pass unseen. `whenPolled: false`
    /// is a person who presses three times at once without looking at the terminal.
    func press(_ finger: String, whenPolled: Bool = true) async throws {
        let finger = SimulatedFinger(finger, quality: 90)
        guard whenPolled else {
            module.run(.presses(finger, press: .milliseconds(400), lift: .milliseconds(300), count: 3))
            return
        }
        module.lift()
        let earlier = reporter.events
        let first = earlier.count
        // The terminal may already be asking for the finger.
        if case .prompt(let latest)? = earlier.last(where: { if case .prompt = $0 { true } else { false } }) {
            switch latest.prompt {
            case .placeFinger, .pressAgain: module.place(finger)
            default: break
            }
        }
        Task { [module, reporter] in
            var next = first
            let deadline = ContinuousClock.now + .seconds(50)
            while ContinuousClock.now < deadline {
                let events = reporter.events
                for case .prompt(let event) in events[next...] {
                    switch event.prompt {
                    case .placeFinger, .pressAgain: module.place(finger)
                    case .liftFinger, .processing, .pressesDidNotMatch: module.lift()
                    case .enrolled, .failed, .cancelled:
                        module.lift()
                        return
                    case .retry, .lookAtCamera, .faceHint: break
                    }
                }
                next = events.count
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    func waitUntil(_ what: String, timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws
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
