import ArgumentParser
import DeviceSetup
import FingerprintModule
import FingerprintModuleSim
import Foundation

/// `attendance-bench sync`: a full directory pull by a real `attendanced` on a fresh store, against the
/// cloud simulator loaded with `members` members (one fingerprint and one face template each) and the
/// module simulator on a Unix-domain socket; then the module library brought in step.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract:
            "Directory sync: a real attendanced pulls the whole directory from the cloud simulator and brings the module library in step; wall time, pages, peak RSS."
    )

    @Option(help: "Members in the cloud's directory (one fingerprint and one face template each).")
    var members: Int = 10_000

    @Option(
        name: .customLong("library-size"),
        help: "Template pages in the simulated module's flash library (0-1024, the simulator's most).")
    var librarySize: Int = 1000

    @Option(
        name: .customLong("face-models"),
        help: "dlib's face models: with them the daemon runs a face device and declares the face algorithm.")
    var faceModels: String = ".models/face"

    @Option(help: "The attendanced executable (default: beside attendance-bench).")
    var daemon: String?

    @Option(help: "Seconds the whole sync may take before the bench gives up.")
    var timeout: Int = 900

    @Option(help: "Where to write the results.")
    var output: String = "bench-results/sync.json"

    @Flag(help: "Keep the work folder (config, store, the daemon's output) afterwards.")
    var keep = false

    static let targetSeconds = 60.0
    static let targetMegabytes = 150.0

    func validate() throws {
        guard (1...200_000).contains(members) else {
            throw ValidationError("--members: expected 1-200000, got \(members)")
        }
        guard (0...1024).contains(librarySize) else {
            throw ValidationError("--library-size: expected 0-1024 (the module simulator's most), got \(librarySize)")
        }
        guard timeout >= 1 else { throw ValidationError("--timeout: expected at least 1 s") }
    }

    func run() async throws {
        let executable = DaemonWorld.daemonExecutable(daemon)
        let face = SyncFaceSetup(models: faceModels)
        say("sync: loading \(members) members into the cloud simulator")
        let directory = try SyncDirectory(count: members, seed: 15)
        let module = SimulatedZFMModule.Configuration(librarySize: librarySize)
        let world = try await DaemonWorld.start(name: "sync", sn: "SYNC-TERMINAL", module: module) { work in
            try face.sections(work: work)
        }
        let version = try await world.cloud.loadDirectory(directory.loads)
        say(
            "sync: \(executable) against v\(version) (\(members) members); face: \(face.declaration); work folder \(world.work)"
        )
        let measured: SyncBench.Measurement
        do {
            measured = try await SyncBench(
                world: world, executable: executable, directory: directory, librarySize: librarySize,
                timeout: .seconds(timeout)
            ).run()
        } catch {
            say("sync: FAILED: \(error) (daemon output in \(world.logPath))")
            await world.stop(keep: true)
            throw ExitCode(2)
        }
        await world.stop(keep: keep)
        let report = SyncReport(
            measured: measured, members: members, librarySize: librarySize, face: face.declaration,
            packetSize: ZFMSystemParameters.packetSize(code: module.packetSizeCode))
        try writeJSON(report, to: output)
        report.printSummary()
        say("wrote \(output)")
    }
}
