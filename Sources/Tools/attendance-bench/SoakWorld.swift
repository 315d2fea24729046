import DeviceSetup
import FingerprintModuleSim
import Foundation
import Logging
import SimulatedWorld
import WeComCloudSim

/// What the soak's daemons live against: the cloud simulator (one bound device, `members` in the
/// corp) and a simulated ZFM module on a Unix-domain socket, both in the bench's process so that
/// neither goes away when a daemon is killed; a private work folder with the daemon's config and store.
struct SoakWorld {
    static let sn = "SOAK-TERMINAL"
    let simulated: SimulatedWorld
    let module: SimulatedZFMModule
    let server: ZFMSocketServer
    let work: String
    let members: [String]

    var cloud: CloudSimulator { simulated.cloud }
    var storePath: String { work + "/terminal.sqlite" }
    var configPath: String { work + "/attendanced.json" }
    var logPath: String { work + "/daemons.log" }

    static func start(members count: Int) async throws -> SoakWorld {
        let work = FileManager.default.temporaryDirectory.path + "/attendance-soak-\(getpid())"
        try? FileManager.default.removeItem(atPath: work)
        try FileManager.default.createDirectory(
            atPath: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let members = (0..<count).map { String(format: "soak%03d", $0) }
        var quiet = Logger(label: "soak-cloud")
        quiet.logLevel = .critical
        let secretNo = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        let simulated = try await SimulatedWorld.start(
            sn: sn, secretNo: secretNo, members: members.map { ($0, $0) }, logger: quiet)
        let module = SimulatedZFMModule(clock: ContinuousClock())
        let server = try ZFMSocketServer(module: module, path: work + "/fingerprint.sock")
        server.start()
        let world = SoakWorld(
            simulated: simulated, module: module, server: server, work: work, members: members)
        try world.writeConfig()
        guard FileManager.default.createFile(atPath: world.logPath, contents: nil) else {
            throw BenchError("cannot create \(world.logPath)")
        }
        return world
    }

    /// The daemon's environment: the SecretNo in the variable the daemon reads, never on the command line.
    var environment: [String: String] {
        ProcessInfo.processInfo.environment.merging([DeviceSecretSource.environmentVariable: simulated.secretNo]) {
            _, new in new
        }
    }

    func stop(keep: Bool) async {
        await server.shutdown()
        await simulated.stop()
        if !keep { try? FileManager.default.removeItem(atPath: work) }
    }

    private func writeConfig() throws {
        let config: [String: Any] = [
            "cloud": ["endpoint": "ws://127.0.0.1:\(simulated.port)/", "sn": Self.sn, "firmware_version": "soak"],
            "store": ["path": storePath, "status_path": work + "/status.json"],
            "capture": ["presses": 3, "deadline_s": 10, "poll_interval_ms": 20],
            "fingerprint": ["link": "unix:" + server.path, "templates": "module"],
            "camera": ["device": "none"],
        ]
        let data = try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys])
        guard FileManager.default.createFile(atPath: configPath, contents: data, attributes: [.posixPermissions: 0o600])
        else { throw BenchError("cannot write \(configPath)") }
    }
}
