import Foundation
import SystemSupport

/// Runs the NBIS anchor script as a subprocess on one folder and parses its JSON.
///
/// Blocks the calling thread for the run (20-40 s per FVC folder): call it from a plain thread.
public struct NBISAnchor: Sendable {
    /// The Python interpreter with libfprint's GObject bindings (Debian's).
    public var interpreter: String
    /// Path of `nbis_anchor.py`.
    public var script: String
    /// The run is stopped after this many seconds.
    public var timeoutSeconds: Double

    /// The anchor at `script`, run with `/usr/bin/python3` and a 600 s limit.
    public init(script: String, interpreter: String = "/usr/bin/python3", timeoutSeconds: Double = 600) {
        self.script = script
        self.interpreter = interpreter
        self.timeoutSeconds = timeoutSeconds
    }

    /// Runs the anchor on `folder` with the plan's impressions and returns its figures.
    public func run(folder: String, plan: ImpressionPlan = .standard) throws(NBISAnchorError) -> NBISAnchorResult {
        guard FileManager.default.isExecutableFile(atPath: interpreter) else {
            throw .interpreterMissing(path: interpreter)
        }
        guard FileManager.default.fileExists(atPath: script) else { throw .scriptMissing(path: script) }
        let arguments = [
            script, folder, "--enroll", ImpressionPlan.text(plan.enroll),
            "--probe", ImpressionPlan.text(plan.probe),
        ]
        let output = try SubprocessRunner(
            executable: interpreter, arguments: arguments,
            timeoutSeconds: timeoutSeconds
        ).run()
        guard output.status == 0 else {
            throw .failed(status: output.status, stderr: Self.tail(output.stderr))
        }
        return try NBISAnchorResult(anchorOutput: output.stdout)
    }

    /// `run(folder:plan:)` on a worker of its own, for async callers.
    public func runOffPool(folder: String, plan: ImpressionPlan = .standard) async throws(NBISAnchorError)
        -> NBISAnchorResult
    {
        try await OffPoolWorker(label: "nbis-anchor").run { () throws(NBISAnchorError) -> NBISAnchorResult in
            try run(folder: folder, plan: plan)
        }
    }

    /// The last few lines of an error output, for the report.
    static func tail(_ data: Data) -> String {
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
        return lines.suffix(6).joined(separator: " | ")
    }
}

/// Runs a program to completion with its output in temporary files (no pipe can fill up and stall it).
struct SubprocessRunner {
    let executable: String
    let arguments: [String]
    let timeoutSeconds: Double

    struct Output {
        var status: Int32
        var stdout: Data
        var stderr: Data
    }

    func run() throws(NBISAnchorError) -> Output {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("anchor-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .launchFailed(reason: "cannot create \(directory.path): \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        guard FileManager.default.createFile(atPath: outURL.path, contents: nil),
            FileManager.default.createFile(atPath: errURL.path, contents: nil)
        else {
            throw .launchFailed(reason: "cannot create output files in \(directory.path)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        do {
            let out = try FileHandle(forWritingTo: outURL)
            let err = try FileHandle(forWritingTo: errURL)
            defer {
                try? out.close()
                try? err.close()
            }
            process.standardOutput = out
            process.standardError = err
            let finished = DispatchSemaphore(value: 0)
            process.terminationHandler = { _ in finished.signal() }
            try process.run()
            if finished.wait(timeout: .now() + timeoutSeconds) == .timedOut {
                process.terminate()
                if finished.wait(timeout: .now() + 2) == .timedOut {
                    // SIGTERM can be blocked or ignored by the child; SIGKILL cannot.
                    kill(process.processIdentifier, SIGKILL)
                    finished.wait()
                }
                throw NBISAnchorError.timedOut(seconds: timeoutSeconds)
            }
        } catch let error as NBISAnchorError {
            throw error
        } catch {
            throw .launchFailed(reason: "\(executable): \(error.localizedDescription)")
        }
        let stdout = (try? Data(contentsOf: outURL)) ?? Data()
        let stderr = (try? Data(contentsOf: errURL)) ?? Data()
        return Output(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }
}
