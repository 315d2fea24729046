import FingerprintModuleSim
import Foundation
import Measuring
import WeComCloudSim

/// The soak's loop: one enrollment pushed per kill, the kill armed at a drawn moment, the daemon
/// restarted after it; then the last daemon drains its outbox and stops, and the store is compared.
struct SoakRun {
    let world: DaemonWorld
    let executable: String
    let seed: UInt64

    /// How long an armed moment may take to come before the daemon is killed anyway.
    static let triggerTimeout: Duration = .seconds(30)
    static let loginTimeout: Duration = .seconds(60)

    struct Outcome: Codable {
        let kills: [SoakKill]
        let pushes: Int
        let daemonStarts: Int
        let operationsByStatus: [String: Int]
        let uploads: Int
        let uploadsByErrcode: [String: Int]
        let drained: Bool
        let drainSeconds: Double
        let sigtermSeconds: Double
        let sigtermClean: Bool
        let comparison: SoakComparison
    }

    func run(kills count: Int, drainTimeout: Duration) async throws -> Outcome {
        var random = SoakRandom(seed: seed)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: world.logPath))
        defer { try? log.close() }
        let current = Shared<SoakDaemon?>(nil)
        let cloudArmed = Shared(false)
        let watcher = Task { [cloud = world.cloud] in
            for await event in cloud.events {
                guard case .uploadVerdict(let record) = event, cloudArmed.value, let daemon = current.value else {
                    continue
                }
                cloudArmed.set(false)
                daemon.killNow(
                    .cloudApplied,
                    detail:
                        "cloud answered upload #\(record.index) (\(record.operID ?? "re-push")) errcode \(record.errcode)"
                )
            }
        }
        defer { watcher.cancel() }

        var generation = 0
        func startDaemon() async throws -> SoakDaemon {
            generation += 1
            let daemon = try SoakDaemon(
                executable: executable, arguments: ["--config", world.configPath, "--log-level", "warning"],
                environment: world.environment, log: log, generation: generation)
            current.set(daemon)
            try await daemon.waitUntilLoggedIn(timeout: Self.loginTimeout)
            return daemon
        }

        var kills: [SoakKill] = []
        var pushes = 0
        var daemon = try await startDaemon()
        for index in 1...count {
            if !daemon.isRunning { daemon = try await startDaemon() }
            let moment = random.moment()
            let delay = random.delay(for: moment)
            var timer: Task<Void, Never>?
            switch moment {
            case .commit, .committed, .uploadSent: daemon.arm(SoakTrigger(moment: moment, delay: delay))
            case .cloudApplied: cloudArmed.set(true)
            case .random, .fallback:
                timer = Task { [daemon] in
                    try? await Task.sleep(for: delay)
                    if !Task.isCancelled { daemon.killNow(.random, detail: "after the push", delay: delay) }
                }
            }
            let userid = world.members[Int.random(in: 0..<world.members.count, using: &random)]
            if try await push(userid: userid, finger: "soak-\(userid)-\(index)", daemon: daemon) { pushes += 1 }
            let deadline = ContinuousClock.now + Self.triggerTimeout
            while daemon.isRunning, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            if daemon.isRunning {
                daemon.killNow(.fallback, detail: "no \(moment.rawValue) within \(Self.triggerTimeout)")
            }
            try await daemon.waitForExit()
            timer?.cancel()
            cloudArmed.set(false)
            world.module.lift()
            let kill =
                daemon.kill
                ?? SoakKill(
                    moment: .fallback, detail: "exited by itself (status)", delayMs: 0,
                    daemonUptimeMs: daemon.uptime.milliseconds, generation: daemon.generation)
            kills.append(kill)
            say(
                String(
                    format: "  kill %d/%d: %@ +%.1f ms (daemon %d up %.1f s) — %@", index, count, kill.moment.rawValue,
                    kill.delayMs, kill.generation, kill.daemonUptimeMs / 1000, kill.detail))
        }

        say("soak: the last daemon drains its outbox …")
        daemon = try await startDaemon()
        let reader = SoakStoreReader(path: world.storePath)
        let drainStart = ContinuousClock.now
        var drained = false
        while drainStart.duration(to: .now) < drainTimeout, daemon.isRunning {
            if (try? reader.outboxCount()) == 0 {
                drained = true
                break
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        let drainSeconds = drainStart.duration(to: .now).milliseconds / 1000
        let stop = await daemon.terminate(grace: .seconds(10))
        current.set(nil)

        let operations = await world.cloud.operations()
        let uploads = await world.cloud.uploads()
        var operationsByStatus: [String: Int] = [:]
        for operation in operations { operationsByStatus[operation.status.rawValue, default: 0] += 1 }
        var uploadsByErrcode: [String: Int] = [:]
        for upload in uploads { uploadsByErrcode[String(upload.errcode), default: 0] += 1 }
        let comparison = try SoakComparison.compare(
            storePath: world.storePath, cloud: await world.cloud.storedTemplates())
        return Outcome(
            kills: kills, pushes: pushes, daemonStarts: generation, operationsByStatus: operationsByStatus,
            uploads: uploads.count, uploadsByErrcode: uploadsByErrcode, drained: drained, drainSeconds: drainSeconds,
            sigtermSeconds: stop.seconds, sigtermClean: stop.clean, comparison: comparison)
    }

    /// The corp admin's push and the person's finger (false when the daemon died before the push): a fresh identity each time (so no duplicate check
    /// refuses it), four presses starting at once; extra presses after the enrollment do nothing.
    private func push(userid: String, finger: String, daemon: SoakDaemon) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            do {
                _ = try await world.cloud.pushEnrollment(sn: world.sn, userid: userid, pageType: .fingerprint)
                break
            } catch CloudSimError.deviceOffline {
                // Logged in on the daemon's side a moment before the cloud marks it; or killed already.
                guard daemon.isRunning, ContinuousClock.now < deadline else { return false }
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        world.module.run(
            .presses(
                SimulatedFinger(finger, quality: 90), press: .milliseconds(400), lift: .milliseconds(300), count: 4))
        return true
    }
}
