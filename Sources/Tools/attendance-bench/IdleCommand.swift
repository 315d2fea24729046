import ArgumentParser
import Foundation

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
        let result = try await IdleLoopBench(faceModels: faceModels, daemon: daemon, seconds: seconds).measure()
        say(
            String(
                format:
                    "idle: attendanced used %.2f s of CPU in %.1f s: %.1f %% of one core (target under %.0f %%: %.2f× the target), %@ build",
                result.daemonCPUSeconds, result.seconds, result.cpuShareOfOneCore * 100, Self.targetShare * 100,
                result.ratioToTarget, result.build))
        try writeJSON(result, to: output)
    }
}
