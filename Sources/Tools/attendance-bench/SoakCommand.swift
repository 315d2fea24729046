import ArgumentParser
import Foundation
import Measuring

/// `attendance-bench soak`: the crash soak. Real `attendanced` processes against the simulators,
/// killed with SIGKILL at moments biased toward commit and upload, restarted; at the end the
/// terminal's templates are compared with the cloud's.
struct SoakCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract:
            "Crash soak: kill -9 attendanced at random moments of enrollments and uploads, restart it, then compare the terminal's templates with the cloud's."
    )

    @Option(help: "How many times the daemon is killed.")
    var kills: Int = 200

    @Option(help: "Corp members the cloud enrolls (each holds at most 10 fingerprints).")
    var members: Int = 40

    @Option(help: "Seed of the soak's random choices (default: random, printed).")
    var seed: UInt64?

    @Option(help: "The attendanced executable (default: beside attendance-bench).")
    var daemon: String?

    @Option(help: "Where to write the results.")
    var output: String = "bench-results/soak.json"

    @Option(name: .customLong("drain-timeout"), help: "Seconds the last daemon gets to empty its outbox.")
    var drainTimeout: Int = 300

    @Flag(help: "Keep the work folder (config, store, the daemons' output) afterwards.")
    var keep = false

    func validate() throws {
        guard kills >= 1 else { throw ValidationError("--kills: expected at least 1, got \(kills)") }
        guard (1...999).contains(members) else { throw ValidationError("--members: expected 1-999, got \(members)") }
        guard drainTimeout >= 1 else { throw ValidationError("--drain-timeout: expected at least 1 s") }
    }

    func run() async throws {
        let seed = self.seed ?? UInt64.random(in: 0...UInt64.max)
        let executable = DaemonWorld.daemonExecutable(daemon)
        let world = try await DaemonWorld.start(
            name: "soak", sn: "SOAK-TERMINAL", members: (0..<members).map { String(format: "soak%03d", $0) }
        ) { _ in ["capture": ["presses": 3, "deadline_s": 10, "poll_interval_ms": 20]] }
        say("soak: \(kills) kills of \(executable), \(members) members, seed \(seed); work folder \(world.work)")
        let run = SoakRun(world: world, executable: executable, seed: seed)
        let result: SoakRun.Outcome
        do {
            result = try await run.run(kills: kills, drainTimeout: .seconds(drainTimeout))
        } catch {
            say("soak: FAILED: \(error) (daemon output in \(world.logPath))")
            await world.stop(keep: true)
            throw ExitCode(2)
        }
        await world.stop(keep: keep || !result.comparison.passed)
        let report = SoakReport(
            benchmark: "soak", date: Date(), build: buildKind, seed: seed, killsRequested: kills,
            members: members, outcome: result, passed: result.comparison.passed && result.kills.count >= kills)
        try writeJSON(report, to: output)
        report.printSummary(workFolder: world.work, kept: keep || !result.comparison.passed)
        say("wrote \(output)")
        guard report.passed else { throw ExitCode(1) }
    }
}

/// soak.json.
struct SoakReport: Codable {
    let benchmark: String
    let date: Date
    let build: String
    let seed: UInt64
    let killsRequested: Int
    let members: Int
    let outcome: SoakRun.Outcome
    /// Every kill made, 0 lost, 0 ghosts, 0 mismatched, an empty outbox and a sound database.
    let passed: Bool

    func printSummary(workFolder: String, kept: Bool) {
        let comparison = outcome.comparison
        var moments: [String: Int] = [:]
        for kill in outcome.kills { moments[kill.moment.rawValue, default: 0] += 1 }
        say("soak summary (\(build) build, seed \(seed)):")
        say(
            "  kills: \(outcome.kills.count) of \(killsRequested) — "
                + moments.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        say(
            "  enrollments pushed: \(outcome.pushes); cloud operations: "
                + outcome.operationsByStatus.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
                    separator: ", "))
        say(
            "  uploads: \(outcome.uploads); answers by errcode: "
                + outcome.uploadsByErrcode.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(
                    separator: ", "))
        say(
            String(
                format: "  drain: outbox empty after %.1f s%@; SIGTERM of the last daemon: %.1f s%@",
                outcome.drainSeconds, outcome.drained ? "" : " (NOT drained: timed out)", outcome.sigtermSeconds,
                outcome.sigtermClean ? "" : " (did not end: SIGKILL)"))
        say("  terminal templates \(comparison.terminalTemplates), cloud templates \(comparison.cloudTemplates)")
        say("  lost (on the terminal, not in the cloud): \(comparison.lost.count) \(Self.sample(comparison.lost))")
        say(
            "  ghosts (in the cloud, not on the terminal): \(comparison.ghosts.count) \(Self.sample(comparison.ghosts))"
        )
        say("  mismatched bytes: \(comparison.mismatched.count) \(Self.sample(comparison.mismatched))")
        say("  outbox rows left: \(comparison.outboxRowsLeft); PRAGMA integrity_check: \(comparison.integrityCheck)")
        say("  \(passed ? "PASSED" : "FAILED") (target: every kill, 0 lost, 0 ghosts)")
        if kept { say("  kept \(workFolder) (daemons.log has every daemon's output)") }
    }

    private static func sample(_ keys: [String]) -> String {
        keys.isEmpty ? "" : "(" + keys.prefix(8).joined(separator: ", ") + (keys.count > 8 ? ", …" : "") + ")"
    }
}

/// Prints a line at once (straight to file descriptor 1), also when the output goes to a file or pipe.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
