import Foundation
import SharedTestData
import SimulatedWorld
import TerminalTesting
import Testing
import WeComCloudSim

/// Tier 3, the whole terminal on real kernel drivers: `attendanced` with `fingerprint.link: usb` reaches the
/// module simulator served as a real USB device (FunctionFS on dummy_hcd), and with `camera.device: auto`
/// finds a real V4L2 capture device (v4l2loopback) showing a real face; the cloud simulator runs on
/// loopback. Run alone after `modprobe -r vivid` (`make test-vm` does), so the loopback is the only camera.
@Suite(
    "Tier 3: attendanced on real kernel drivers", .enabled(if: KernelTier.insideVM && KernelTier.daemonPhase),
    .serialized, .timeLimit(.minutes(15)))
struct DaemonOnRealDriversTests {
    static let sn = "TIER3-VM"
    static let secret = "tier3-secret-no"
    static let face = "faces/face_recognition_examples/obama-480p.jpg"

    @Test(
        "a fingerprint and a face enrollment accepted; the module unplugged and replugged; a second fingerprint accepted"
    )
    func enrollmentsOnRealDrivers() async throws {
        let folder = NSTemporaryDirectory() + "tier3-daemon-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let camera = try SpawnedProcess(
            DaemonBinaries.path("terminal-sim"),
            ["loopback-camera", "--device", KernelTier.loopbackDevice, "--image", SharedData.path(Self.face)])
        defer { camera.killIfRunning() }
        try await Self.wait("the face on \(KernelTier.loopbackDevice)", in: camera) { $0.contains("writing") }
        let gadget = try await GadgetProcess.start("native")
        let world = try await SimulatedWorld.start(
            sn: Self.sn, secretNo: Self.secret, members: [("zhangsan", "张三"), ("lisi", "李四")])
        let config = try Self.writeConfig(in: folder, port: world.port)
        let keyInit = try await SpawnedProcess.run(
            DaemonBinaries.path("attendctl"), ["face", "key", "init", "--config", config])
        try #require(keyInit.status == 0, "attendctl face key init: \(keyInit.output)")
        let daemon = try SpawnedProcess(DaemonBinaries.path("attendanced"), ["--config", config])
        defer { daemon.killIfRunning() }
        let follower = DaemonPromptFollower(daemon: daemon, gadget: gadget)
        do {
            try await Self.wait("the daemon logged in with both devices", in: daemon) {
                $0.contains("session logged in") && $0.contains("fingerprint present") && $0.contains("camera present")
            }

            let first = try await world.cloud.pushEnrollment(sn: Self.sn, userid: "zhangsan", pageType: .fingerprint)
            try await follower.follow(first, finger: "zhangsan-right-index")
            try await Self.expectAccepted(first, world, daemon)

            let face = try await world.cloud.pushEnrollment(sn: Self.sn, userid: "zhangsan", pageType: .face)
            try await Self.expectAccepted(face, world, daemon)

            try gadget.send("unplug")
            try await Self.wait("the module unplugged", in: daemon) { $0.contains("fingerprint absent") }
            try gadget.send("replug")
            try await Self.wait("the module back", in: daemon) {
                $0.components(separatedBy: "fingerprint present").count - 1 >= 2
            }

            let second = try await world.cloud.pushEnrollment(sn: Self.sn, userid: "lisi", pageType: .fingerprint)
            try await follower.follow(second, finger: "lisi-left-thumb")
            try await Self.expectAccepted(second, world, daemon)

            let stored = await world.cloud.storedTemplates()
            #expect(
                Set(stored.map { "\($0.userid)/\($0.pageType.rawValue)" }) == ["zhangsan/fp", "zhangsan/fa", "lisi/fp"])
        } catch {
            Issue.record("daemon output:\n\(daemon.output)\ngadget output:\n\(gadget.output)")
            throw error
        }
        kill(daemon.pid, SIGTERM)
        #expect(try await daemon.waitForExit(orKillAfter: .seconds(30)) == .exited(0))
        try await gadget.stop()
        await world.stop()
    }

    /// The operation reached the cloud and was accepted (errcode 0 with its oper_id).
    static func expectAccepted(_ operID: String, _ world: SimulatedWorld, _ daemon: SpawnedProcess) async throws {
        let operation = try await world.cloud.waitForOperation(operID, timeout: .seconds(180))
        #expect(operation.status == .accepted, "\(operation)\n\(daemon.output)")
        #expect(operation.resultErrcode == 0, "\(operation)")
        print(
            "tier 3 daemon: \(operation.pageType.rawValue) \(operID) \(operation.status) in \(operation.elapsedMs ?? -1) ms"
        )
    }

    /// Waits (polls, not wall time: the VM is emulated and slow) until `condition` holds for the output.
    static func wait(_ what: String, in process: SpawnedProcess, _ condition: (String) -> Bool) async throws {
        guard await eventuallyHolds(upTo: 6_000, every: .milliseconds(50), { condition(process.output) }) else {
            throw GadgetTestError("never saw \(what):\n\(process.output)")
        }
    }

    /// The daemon's config (0600, as the daemon requires) and its secret file in `folder`.
    static func writeConfig(in folder: String, port: Int) throws -> String {
        let secretFile = folder + "/device-secret"
        try writePrivateTestFile(secretFile, secret)
        let models =
            ProcessInfo.processInfo.environment["ATTENDANCE_FACE_MODELS"]
            ?? FileManager.default.currentDirectoryPath + "/.models/face"
        let config = folder + "/attendanced.json"
        try writePrivateTestFile(
            config,
            """
            {
              "cloud": {"endpoint": "ws://127.0.0.1:\(port)/", "sn": "\(sn)", "secret_file": "\(secretFile)"},
              "store": {"path": "\(folder)/terminal.sqlite"},
              "capture": {"presses": 3, "deadline_s": 45, "poll_interval_ms": 100},
              "fingerprint": {"link": "usb"},
              "camera": {"device": "auto"},
              "face": {"models": "\(models)", "key": "\(folder)/face-protection.key"}
            }
            """)
        return config
    }
}
