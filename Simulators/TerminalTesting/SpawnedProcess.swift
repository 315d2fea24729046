import Foundation
import Synchronization

/// A child process that failed to start, end or exit as expected.
public struct SpawnedProcessError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// A child process whose stdout and stderr are collected.
public final class SpawnedProcess: Sendable {
    public enum Exit: Equatable, CustomStringConvertible, Sendable {
        case exited(Int32)
        case signalled(Int32)
        public var description: String {
            switch self {
            case .exited(let code): "with status \(code)"
            case .signalled(let signal): "on signal \(signal)"
            }
        }
    }

    private let process: Process
    private let collected = SpawnedOutput()

    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        self.process = process
        pipe.fileHandleForReading.readabilityHandler = { [collected] handle in
            let chunk = handle.availableData
            if chunk.isEmpty { handle.readabilityHandler = nil }
            collected.append(chunk)
        }
        try process.run()
    }

    public var pid: Int32 { process.processIdentifier }
    public var output: String { collected.text }
    public var isRunning: Bool { process.isRunning }

    /// Waits for the exit, polling; SIGKILL (and a thrown error) when it is still running after `limit`.
    public func waitForExit(orKillAfter limit: Duration) async throws -> Exit {
        let deadline = ContinuousClock.now + limit
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                kill(pid, SIGKILL)
                throw SpawnedProcessError(
                    "\(process.executableURL?.lastPathComponent ?? "process") still running after \(limit): killed")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        return process.terminationReason == .exit
            ? .exited(process.terminationStatus) : .signalled(process.terminationStatus)
    }

    public func killIfRunning() {
        if process.isRunning { kill(pid, SIGKILL) }
    }

    /// Runs to its end (at most 30 s) and returns the exit status and output.
    public static func run(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, output: String)
    {
        let child = try SpawnedProcess(executable, arguments)
        let exit = try await child.waitForExit(orKillAfter: .seconds(30))
        try await Task.sleep(for: .milliseconds(50))  // the pipe's last chunk
        guard case .exited(let status) = exit else { throw SpawnedProcessError("\(executable) ended \(exit)") }
        return (status, child.output)
    }
}

/// Bytes a pipe delivered so far.
final class SpawnedOutput: Sendable {
    private let data = Mutex(Data())
    func append(_ chunk: Data) { data.withLock { $0.append(chunk) } }
    var text: String { String(decoding: data.withLock { $0 }, as: UTF8.self) }
}
