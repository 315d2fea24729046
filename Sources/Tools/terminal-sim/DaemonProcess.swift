import Foundation
import Synchronization

/// `attendanced` as a child process whose output is shown line by line with a prefix.
final class DaemonProcess: Sendable {
    private let process: Process
    private let lines = LineSplitter()
    private let watcher = LineWatcher()

    init(executable: String, arguments: [String], prefix: String) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw DemoError("no attendanced at \(executable): build it first (swift build) or pass --daemon PATH")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        self.process = process
        pipe.fileHandleForReading.readabilityHandler = { [lines, watcher] handle in
            let chunk = handle.availableData
            for line in lines.feed(chunk) {
                emit("\(prefix)\(line)")
                watcher.handler?(line)
            }
            if chunk.isEmpty { handle.readabilityHandler = nil }
        }
        try process.run()
    }

    var isRunning: Bool { process.isRunning }

    /// Calls `handler` with each line the daemon prints from now on (nil: stop), on the reading thread.
    func watch(_ handler: (@Sendable (String) -> Void)?) {
        watcher.handler = handler
    }

    /// SIGTERM, then waits up to `grace` for a clean exit before SIGKILL.
    func stop(grace: Duration = .seconds(5)) async -> Int32 {
        if process.isRunning { process.terminate() }
        let deadline = ContinuousClock.now + grace
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// Who reads the daemon's lines besides the console.
final class LineWatcher: Sendable {
    private let current = Mutex<(@Sendable (String) -> Void)?>(nil)

    var handler: (@Sendable (String) -> Void)? {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }
}

/// Cuts a byte stream into lines; an empty chunk (end of file) flushes the unterminated rest.
final class LineSplitter: Sendable {
    private let pending = Mutex(Data())

    func feed(_ chunk: Data) -> [String] {
        pending.withLock { buffer in
            if chunk.isEmpty {
                defer { buffer.removeAll() }
                return buffer.isEmpty ? [] : [String(decoding: buffer, as: UTF8.self)]
            }
            buffer.append(chunk)
            var complete: [String] = []
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                complete.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
                buffer.removeSubrange(buffer.startIndex...newline)
            }
            return complete
        }
    }
}

struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
