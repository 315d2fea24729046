import Biometrics
import DeviceSetup
import FingerprintModule
import FingerprintModuleSim
import Foundation
import Logging
import SimulatedWorld
import TerminalDaemon
import TerminalStore
import WeComCloudSim

/// A cloud simulator with one bound device, and a simulated module behind an in-process link.
struct BenchWorld {
    static let sn = "BENCH-TERMINAL"
    static let secretNo = "bench-secret-no"
    let simulated: SimulatedWorld
    let module: SimulatedZFMModule
    let link: InProcessLink
    let serving: Task<Void, Never>

    var cloud: CloudSimulator { simulated.cloud }
    var port: Int { simulated.port }

    static func start(cloudMembers: [String]) async throws -> BenchWorld {
        var quiet = Logger(label: "bench-cloud")
        quiet.logLevel = .critical
        let simulated = try await SimulatedWorld.start(
            sn: sn, secretNo: secretNo, members: cloudMembers.map { ($0, $0) }, logger: quiet)
        let module = SimulatedZFMModule(clock: ContinuousClock())
        let pair = InProcessLinkPair()
        let serving = Task { await module.serve(pair.device) }
        return BenchWorld(simulated: simulated, module: module, link: pair.host, serving: serving)
    }

    func config(storePath: String) throws -> DaemonConfig {
        try simulated.config(
            #""store": {"path": "\#(storePath)"}, "capture": {"presses": 3, "poll_interval_ms": 20}"#)
    }

    func stop() async {
        serving.cancel()
        await simulated.stop()
    }

    /// A 512-byte module template of a simulated finger, as the module would build it from two presses.
    static func moduleTemplate(finger: String) -> Template {
        let first = SimulatedFeatureModel.featureFile(identity: finger, quality: 90, pressSeed: 1)
        let second = SimulatedFeatureModel.featureFile(identity: finger, quality: 90, pressSeed: 2)
        return Template(
            modality: .fingerprint, algorithm: .zfmModule, data: Data(SimulatedFeatureModel.merge(first, second)!))
    }
}

/// Reports nothing: the benchmark prints its own summary.
struct SilentReporter: TerminalReporter {
    let answered: Shared<[Duration]>
    func report(_ event: TerminalEvent) {
        if case .uploadAnswered(_, _, _, _, let roundTrip) = event { answered.update { $0.append(roundTrip) } }
    }
}

func waitUntil(_ what: String, timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while !(try await condition()) {
        guard ContinuousClock.now < deadline else { throw BenchError("timed out waiting until \(what)") }
        try await Task.sleep(for: .milliseconds(2))
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func temporaryStorePath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.path + "/attendance-bench-\(getpid())-\(name).sqlite"
}

func removeStore(_ path: String) {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}
