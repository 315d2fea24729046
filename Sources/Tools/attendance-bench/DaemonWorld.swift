import DeviceSetup
import FingerprintModuleSim
import Foundation
import Logging
import SimulatedWorld
import WeComCloudSim

/// What real `attendanced` processes live against (the crash soak, the directory sync bench): the cloud
/// simulator (one bound device) and a simulated ZFM module on a Unix-domain socket, both in the bench's
/// process so that neither goes away when a daemon is killed; a private work folder with the daemon's
/// config and store.
struct DaemonWorld {
    let sn: String
    let simulated: SimulatedWorld
    let module: SimulatedZFMModule
    let server: ZFMSocketServer
    let work: String
    /// The members `start` put in the corp.
    let members: [String]

    var cloud: CloudSimulator { simulated.cloud }
    var storePath: String { work + "/terminal.sqlite" }
    var configPath: String { work + "/attendanced.json" }
    var logPath: String { work + "/daemons.log" }

    /// Starts the world `name` (the work folder's name) for device `sn` with `members` (userid = name) in
    /// the corp. `sections` are further top-level sections of the daemon's config (given the work folder),
    /// replacing the base ones of the same name.
    static func start(
        name: String, sn: String, members: [String] = [],
        module configuration: SimulatedZFMModule.Configuration = .init(),
        sections: (_ work: String) throws -> [String: Any] = { _ in [:] }
    ) async throws -> DaemonWorld {
        let work = FileManager.default.temporaryDirectory.path + "/attendance-\(name)-\(getpid())"
        try? FileManager.default.removeItem(atPath: work)
        try FileManager.default.createDirectory(
            atPath: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var quiet = Logger(label: "\(name)-cloud")
        quiet.logLevel = .critical
        let secretNo = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        let simulated = try await SimulatedWorld.start(
            sn: sn, secretNo: secretNo, members: members.map { ($0, $0) }, logger: quiet)
        let module = SimulatedZFMModule(configuration: configuration, clock: ContinuousClock())
        let server = try ZFMSocketServer(module: module, path: work + "/fingerprint.sock")
        server.start()
        let world = DaemonWorld(
            sn: sn, simulated: simulated, module: module, server: server, work: work, members: members)
        try world.writeConfig(try sections(work))
        guard FileManager.default.createFile(atPath: world.logPath, contents: nil) else {
            throw BenchError("cannot create \(world.logPath)")
        }
        return world
    }

    /// The `attendanced` to run: `given`, else the one beside attendance-bench.
    static func daemonExecutable(_ given: String?) -> String {
        given
            ?? (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]))
            .deletingLastPathComponent().appendingPathComponent("attendanced").path
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

    private func writeConfig(_ sections: [String: Any]) throws {
        let base: [String: Any] = [
            "cloud": ["endpoint": "ws://127.0.0.1:\(simulated.port)/", "sn": sn, "firmware_version": "bench"],
            "store": ["path": storePath, "status_path": work + "/status.json"],
            "fingerprint": ["link": "unix:" + server.path, "templates": "module"],
            "camera": ["device": "none"],
        ]
        let config = base.merging(sections) { _, new in new }
        let data = try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys])
        guard FileManager.default.createFile(atPath: configPath, contents: data, attributes: [.posixPermissions: 0o600])
        else { throw BenchError("cannot write \(configPath)") }
    }
}
