import DeviceSetup
import Foundation

/// The resident memory of a real `attendanced` with the face models loaded: the daemon is started with
/// a camera configured (so it loads dlib's models and the key) against a cloud endpoint that refuses
/// connections, left to settle, and its VmRSS / VmHWM read from /proc.
struct DaemonMemory: Codable {
    let rssMegabytes: Double
    let peakMegabytes: Double
    let faceDevice: String
    let targetMegabytes: Double

    static func measure(daemon: String, models: String, settle: Duration = .seconds(4)) async throws -> DaemonMemory {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("rss-\(getpid())").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let config: [String: Any] = [
            "cloud": ["endpoint": "ws://127.0.0.1:9/", "sn": "RSS-PROBE"],
            "store": ["path": work + "/terminal.sqlite"],
            "camera": ["device": work + "/video-absent"],
            "face": ["models": models, "key": work + "/face.key"],
        ]
        let configPath = work + "/attendanced.json"
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: configPath))
        // The operator's step (attendctl face key init): the daemon never creates a key itself.
        try FaceKeySetup.initialize(at: work + "/face.key")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: daemon)
        process.arguments = ["--config", configPath, "--log-level", "critical"]
        process.environment = ProcessInfo.processInfo.environment.merging(
            [DeviceSecretSource.environmentVariable: "rss"]) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        try await Task.sleep(for: settle)
        guard process.isRunning else {
            throw BenchError("attendanced exited early (status \(process.terminationStatus))")
        }
        let memory = try ProcessMemory.read(pid: process.processIdentifier)
        let daemonStatus = try? String(contentsOfFile: work + "/status.json", encoding: .utf8)
        let face =
            daemonStatus.flatMap { text in
                (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["face_device"] as? String
            } ?? "unknown"
        return DaemonMemory(
            rssMegabytes: memory.rssMegabytes, peakMegabytes: memory.peakMegabytes,
            faceDevice: face, targetMegabytes: 120)
    }
}
