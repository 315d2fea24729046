import DeviceSetup
import FingerprintModuleSim
import Foundation
import SimulatedWorld
import TerminalTesting
import Testing
import WeComCloudSim

/// The real `attendanced` process (built beside this test bundle) against the cloud simulator and a
/// module simulator on a Unix socket: `attendctl enroll cancel` and SIGTERM during an enrollment.
@Suite("End to end: the attendanced process", .serialized)
struct DaemonProcessTests {
    static let sn = "E2E-PROCESS"
    static let secret = "process-secret-no"

    @Test(
        "attendctl enroll cancel, then SIGTERM during an enrollment: the cloud gets 107 both times, the daemon exits 0",
        .enabled(if: DaemonBinaries.present("attendanced", "attendctl"), "build attendanced and attendctl first"))
    func cancelThenSigterm() async throws {
        let (world, module) = try await Self.startWorld()
        defer { Task { await module.shutdown() } }
        defer { Task { await world.stop() } }
        let folder = try DaemonScratchFolder()
        let config = try Self.writeConfig(in: folder.path, port: world.port, fingerprintSocket: module.path)
        let daemon = try await Self.startDaemon(config: config, world: world)
        defer { daemon.killIfRunning() }

        // attendctl enroll cancel with nothing running, then during an enrollment.
        let idle = try await SpawnedProcess.run(
            DaemonBinaries.path("attendctl"), ["enroll", "cancel", "--config", config])
        #expect(idle.status == 1)
        #expect(idle.output.contains("nothing to cancel: no enrollment is running"), "\(idle.output)")
        let first = try await Self.startEnrollment(world, daemon)
        let cancel = try await SpawnedProcess.run(
            DaemonBinaries.path("attendctl"), ["enroll", "cancel", "--config", config])
        #expect(cancel.status == 0, "\(cancel.output)")
        #expect(
            cancel.output.contains("cancelled the fp enrollment of zhangsan (oper_id \(first))"), "\(cancel.output)")
        #expect(try await world.cloud.waitForOperation(first, timeout: .seconds(10)).resultErrcode == 107)

        // SIGTERM while the next one captures.
        let second = try await Self.startEnrollment(world, daemon)
        let signalled = ContinuousClock.now
        kill(daemon.pid, SIGTERM)
        let exit = try await daemon.waitForExit(orKillAfter: .seconds(30))
        let took = signalled.duration(to: .now)
        print("attendanced exited \(exit) \(took) after SIGTERM during an enrollment")
        #expect(exit == .exited(0), "\(daemon.output)")
        let operation = try #require(await world.cloud.operation(second))
        #expect(operation.resultErrcode == 107, "\(operation) \(daemon.output)")
        #expect(daemon.output.contains("attendanced stopped"), "\(daemon.output)")
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/control.sock"))
    }

    @Test(
        "SIGTERM during an enrollment while the cloud has stopped answering: the daemon still exits 0 within its budget",
        .enabled(if: DaemonBinaries.present("attendanced"), "build attendanced first"))
    func sigtermAgainstASilentCloud() async throws {
        let (world, module) = try await Self.startWorld()
        defer { Task { await module.shutdown() } }
        defer { Task { await world.stop() } }
        let folder = try DaemonScratchFolder()
        let config = try Self.writeConfig(in: folder.path, port: world.port, fingerprintSocket: module.path)
        let daemon = try await Self.startDaemon(config: config, world: world)
        defer { daemon.killIfRunning() }

        let operID = try await Self.startEnrollment(world, daemon)
        try await world.cloud.setFaults(CloudFaults(delayResponsesMs: 60_000))
        let signalled = ContinuousClock.now
        kill(daemon.pid, SIGTERM)
        let exit = try await daemon.waitForExit(orKillAfter: .seconds(30))
        print("attendanced exited \(exit) \(signalled.duration(to: .now)) after SIGTERM, the cloud silent")
        // The 107 left (the cloud recorded it) but its answer never came within the shutdown's budget.
        #expect(await world.cloud.operation(operID)?.resultErrcode == 107)
        #expect(daemon.output.contains("did not end within"), "\(daemon.output)")
        // The client bounds its close (ConnectionTimeouts.close), so the shutdown ends within its budget.
        #expect(exit == .exited(0), "\(daemon.output)")
    }

    /// The cloud simulator with zhangsan and a module simulator on a Unix socket, both running.
    static func startWorld() async throws -> (SimulatedWorld, ZFMSocketServer) {
        let world = try await SimulatedWorld.start(sn: sn, secretNo: secret, members: [("zhangsan", "张三")])
        let module = try ZFMSocketServer(
            module: SimulatedZFMModule(clock: ContinuousClock()),
            path: NSTemporaryDirectory() + "e2e-process-\(UUID().uuidString.prefix(8)).sock")
        module.start()
        return (world, module)
    }

    /// attendanced on `config`, once it is logged in.
    static func startDaemon(config: String, world: SimulatedWorld) async throws -> SpawnedProcess {
        let daemon = try SpawnedProcess(
            DaemonBinaries.path("attendanced"), ["--config", config, "--log-level", "notice"])
        do {
            try await waitUntilLoggedIn(world, daemon)
        } catch {
            daemon.killIfRunning()
            throw error
        }
        return daemon
    }

    /// Returns once the daemon itself says it is logged in (the cloud may see the login a moment before
    /// the daemon has read the answer).
    static func waitUntilLoggedIn(_ world: SimulatedWorld, _ daemon: SpawnedProcess) async throws {
        try await world.waitUntilLoggedIn()
        guard
            await eventuallyHolds(
                upTo: 1_000, every: .milliseconds(20), { daemon.output.contains("session logged in") })
        else { throw HarnessError("never logged in: \(daemon.output)") }
    }

    /// Pushes zhangsan's fingerprint enrollment; returns its oper_id once the daemon prompts for the finger.
    static func startEnrollment(_ world: SimulatedWorld, _ daemon: SpawnedProcess) async throws -> String {
        let operID = try await world.cloud.pushEnrollment(sn: sn, userid: "zhangsan", pageType: .fingerprint)
        let deadline = ContinuousClock.now + .seconds(20)
        while !daemon.output.split(separator: "\n").contains(where: {
            $0.contains("prompt  [\(operID) +") && $0.contains("Place your finger")
        }) {
            guard ContinuousClock.now < deadline else {
                throw HarnessError("no prompt for \(operID): \(daemon.output)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return operID
    }

    /// The daemon's config and secret file (both 0600, as the daemon requires) in `folder`.
    static func writeConfig(in folder: String, port: Int, fingerprintSocket: String) throws -> String {
        let secretFile = folder + "/device-secret"
        try writePrivateTestFile(secretFile, secret)
        let config = folder + "/attendanced.json"
        try writePrivateTestFile(
            config,
            """
            {
              "cloud": {"endpoint": "ws://127.0.0.1:\(port)/", "sn": "\(sn)", "secret_file": "\(secretFile)"},
              "store": {"path": "\(folder)/terminal.sqlite"},
              "capture": {"presses": 3, "deadline_s": 45, "poll_interval_ms": 50},
              "fingerprint": {"link": "unix:\(fingerprintSocket)"}
            }
            """)
        return config
    }
}
