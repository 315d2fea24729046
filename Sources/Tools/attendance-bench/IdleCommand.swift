import ArgumentParser
import CameraSim
import DeviceSetup
import Foundation
import Measuring
import Synchronization

/// `attendance-bench idle`: what the recognition loop costs while nobody is at the door. A real
/// `attendanced` with the module simulator on a socket (polled every `capture.poll_interval_ms`) and a
/// simulated camera on the real V4L2 path (a glance a second at an empty scene, through dlib's detector),
/// logged in, nobody enrolling: its CPU time over a window, as a share of one core.
struct IdleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idle",
        abstract:
            "CPU share of the idle recognition loop (sensor polled, camera at its low rate) in a real attendanced; needs LD_PRELOAD=libumockdev-preload.so.0."
    )

    @Option(name: .customLong("face-models"), help: "dlib's face models.")
    var faceModels: String = ".models/face"

    @Option(help: "The attendanced executable (default: beside attendance-bench).")
    var daemon: String?

    @Option(help: "Seconds of idle measured after the login and a warm-up.")
    var seconds: Int = 30

    @Option(help: "Where to write the results.")
    var output: String = "bench-results/idle.json"

    static let targetShare = 0.15

    struct Result: Codable {
        var seconds: Double
        var daemonCPUSeconds: Double
        var cpuShareOfOneCore: Double
        var targetShare: Double
        var ratioToTarget: Double
        var pollIntervalMs: Int
        var faceIntervalMs: Int
        var build: String

        enum CodingKeys: String, CodingKey {
            case seconds
            case daemonCPUSeconds = "daemon_cpu_seconds"
            case cpuShareOfOneCore = "cpu_share_of_one_core"
            case targetShare = "target_share"
            case ratioToTarget = "ratio_to_target"
            case pollIntervalMs = "poll_interval_ms"
            case faceIntervalMs = "face_interval_ms"
            case build
        }
    }

    func validate() throws {
        guard (5...3600).contains(seconds) else { throw ValidationError("--seconds: expected 5-3600, got \(seconds)") }
    }

    func run() async throws {
        guard CameraSimEnvironment.isPreloaded else {
            throw BenchError("the camera needs LD_PRELOAD=libumockdev-preload.so.0 (make bench sets it)")
        }
        let face = SyncFaceSetup(models: faceModels)
        guard face.available else { throw BenchError("no dlib face models in \(faceModels): make face-models") }
        let cameras = try CameraTestbed(clock: ContinuousClock())
        let camera = try cameras.addCamera(
            configuration: CameraConfiguration(formats: [.yuyv]),
            source: StillFrameSource(CameraImage.uniform(width: 640, height: 480, level: 128)))
        let poll = 100
        let glance = 1000
        let world = try await DaemonWorld.start(name: "idle", sn: "IDLE-BENCH-1") { work in
            var sections = try face.sections(work: work)
            sections["camera"] = ["device": camera.devicePath]
            sections["capture"] = ["poll_interval_ms": poll]
            sections["recognition"] = ["face_interval_ms": glance]
            return sections
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: world.logPath))
        defer { try? log.close() }
        let loggedIn = Mutex(false)
        let daemon = try SoakDaemon(
            executable: DaemonWorld.daemonExecutable(daemon), arguments: ["--config", world.configPath],
            environment: world.environment, log: log, generation: 1
        ) { line in
            if line.contains("session"), line.hasSuffix("logged in") { loggedIn.withLock { $0 = true } }
        }
        let result: Result
        do {
            let deadline = ContinuousClock.now + .seconds(120)
            while !loggedIn.withLock({ $0 }) {
                guard daemon.isRunning, ContinuousClock.now < deadline else {
                    throw BenchError("attendanced did not log in (log: \(world.logPath))")
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            say("idle: logged in; warming up 5 s, then measuring \(seconds) s of nobody at the door")
            try await Task.sleep(for: .seconds(5))
            let cpuBefore = try ProcessCPU.seconds(pid: daemon.pid)
            let start = ContinuousClock.now
            try await Task.sleep(for: .seconds(seconds))
            let wall = start.duration(to: .now).seconds
            let cpu = try ProcessCPU.seconds(pid: daemon.pid) - cpuBefore
            guard camera.counters.delivered > 0 else {
                throw BenchError("the camera delivered no frame: the loop did not glance")
            }
            let share = cpu / wall
            result = Result(
                seconds: wall, daemonCPUSeconds: cpu, cpuShareOfOneCore: share, targetShare: Self.targetShare,
                ratioToTarget: share / Self.targetShare, pollIntervalMs: poll, faceIntervalMs: glance,
                build: buildKind)
        } catch {
            _ = await daemon.terminate(grace: .seconds(10))
            cameras.shutDown()
            await world.stop(keep: true)
            throw error
        }
        _ = await daemon.terminate(grace: .seconds(10))
        cameras.shutDown()
        await world.stop(keep: false)
        say(
            String(
                format:
                    "idle: attendanced used %.2f s of CPU in %.1f s: %.1f %% of one core (target under %.0f %%: %.2f× the target), %@ build",
                result.daemonCPUSeconds, result.seconds, result.cpuShareOfOneCore * 100, Self.targetShare * 100,
                result.ratioToTarget, result.build))
        try writeJSON(result, to: output)
    }
}
