import Foundation

/// Runs `face_anchor.py` as a subprocess on a list of images, one BLAS thread, and parses its JSON.
///
/// Blocks until the script exits: call it from a dedicated thread, not from the cooperative pool.
public enum FaceAnchorRunner {
    /// Why the anchor cannot run at `location`, or nil when both files exist.
    public static func unavailableReason(_ location: FaceAnchorLocation) -> String? {
        let files = FileManager.default
        if !files.isExecutableFile(atPath: location.python) {
            return "anchor interpreter \(location.python) missing or not executable; set up the venv as the header "
                + "of \(location.script) says"
        }
        if !files.fileExists(atPath: location.script) {
            return "anchor script \(location.script) missing"
        }
        return nil
    }

    /// Runs `python script --upsample N IMAGES…` with `OPENBLAS_NUM_THREADS=1` and parses stdout.
    public static func run(
        _ location: FaceAnchorLocation, images: [String], upsample: Int = 0
    ) throws(FaceBenchmarkError) -> FaceAnchorOutput {
        if let reason = unavailableReason(location) {
            throw FaceBenchmarkError(stage: "anchor", subject: location.python, detail: reason)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: location.python)
        process.arguments = [location.script, "--upsample", String(upsample)] + images
        var environment = ProcessInfo.processInfo.environment
        for name in ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"] { environment[name] = "1" }
        process.environment = environment
        let stdout = Pipe()
        // stderr goes to a file so a chatty script cannot fill a pipe and stall while stdout is read.
        let stderrPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("face-anchor-\(UUID().uuidString).stderr").path
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: stderrPath) }
        let output: Data
        do {
            let stderr = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
            defer { try? stderr.close() }
            process.standardOutput = stdout
            process.standardError = stderr
            try process.run()
            output = stdout.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
        } catch {
            throw FaceBenchmarkError(stage: "anchor", subject: location.python, detail: "could not start: \(error)")
        }
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
            let tail = message.split(separator: "\n").suffix(3).joined(separator: " | ")
            throw FaceBenchmarkError(
                stage: "anchor", subject: location.script,
                detail: "exited with status \(process.terminationStatus), expected 0; stderr: \(tail)")
        }
        return try FaceAnchorOutput.parse(String(decoding: output, as: UTF8.self))
    }
}
