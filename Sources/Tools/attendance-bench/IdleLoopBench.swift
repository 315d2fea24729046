import CameraSim
import DeviceSetup
import Foundation
import Measuring
import Synchronization

/// The idle recognition loop's cost in a real `attendanced` (see `IdleCommand`); `identify` runs it too,
/// so the CPU share stands next to the verdict times in one run.
struct IdleLoopBench {
    let faceModels: String
    let daemon: String?
    let seconds: Int

    /// Needs LD_PRELOAD=libumockdev-preload.so.0 (the camera) and dlib's models.
    func measure() async throws -> IdleCommand.Result {
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
        let result: IdleCommand.Result
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
            result = IdleCommand.Result(
                seconds: wall, daemonCPUSeconds: cpu, cpuShareOfOneCore: share, targetShare: IdleCommand.targetShare,
                ratioToTarget: share / IdleCommand.targetShare, pollIntervalMs: poll, faceIntervalMs: glance,
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
        return result
    }
}
