import Foundation
import Measuring
import Synchronization

/// One `attendanced` process of the crash soak. Its output (events on stdout, log on stderr) is
/// appended to the soak's log file and watched line by line: the line that says the session is up,
/// and the armed kill trigger, which sends SIGKILL from the reading thread itself so that the kill
/// lands within a millisecond or so of the moment the line was written. Other benches watch the lines
/// through `onLine` (called on the reading thread, for every line as it arrives).
final class SoakDaemon: Sendable {
    /// Which daemon of the run this is (1 for the first start).
    let generation: Int
    private let process: Process
    private let started = ContinuousClock.now
    private let watch = Mutex(Watch())

    private struct Watch {
        var pending = Data()
        var loggedIn = false
        var trigger: SoakTrigger?
        var fired: SoakKill?
    }

    init(
        executable: String, arguments: [String], environment: [String: String], log: FileHandle, generation: Int,
        onLine: (@Sendable (String) -> Void)? = nil
    ) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw BenchError("no attendanced at \(executable): build it first (swift build) or pass --daemon PATH")
        }
        self.generation = generation
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        self.process = process
        let prefix = Data("[daemon \(generation)] ".utf8)
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let chunk = handle.availableData
            if chunk.isEmpty {
                handle.readabilityHandler = nil
                return
            }
            guard let self else { return }
            for line in self.feed(chunk) {
                log.write(prefix + Data((line + "\n").utf8))
                self.observe(line)
                onLine?(line)
            }
        }
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    var loggedIn: Bool { watch.withLock { $0.loggedIn } }
    /// The kill the armed trigger made, once it has.
    var kill: SoakKill? { watch.withLock { $0.fired } }
    var uptime: Duration { started.duration(to: .now) }

    /// Arms `trigger`: the first matching line (from now on) kills the process after the trigger's delay.
    func arm(_ trigger: SoakTrigger) {
        watch.withLock {
            $0.trigger = trigger
            $0.fired = nil
        }
    }

    /// Kills the process now for `moment` (a trigger outside the output: the cloud's side, a timer).
    func killNow(_ moment: SoakMoment, detail: String, delay: Duration = .zero) {
        let fire = watch.withLock { watch -> Bool in
            guard watch.fired == nil else { return false }
            watch.trigger = nil
            watch.fired = SoakKill(
                moment: moment, detail: detail, delayMs: delay.milliseconds, daemonUptimeMs: uptime.milliseconds,
                generation: generation)
            return true
        }
        if fire { sendKill() }
    }

    /// Waits until the daemon says its session is logged in.
    func waitUntilLoggedIn(timeout: Duration) async throws {
        try await waitUntil("daemon \(generation) logs in", timeout: timeout) {
            guard self.isRunning else {
                throw BenchError(
                    "attendanced \(self.generation) exited (status \(self.process.terminationStatus)) before logging in"
                )
            }
            return self.loggedIn
        }
    }

    /// Waits until the process has ended (after a kill), then reaps it.
    func waitForExit(timeout: Duration = .seconds(10)) async throws {
        try await waitUntil("daemon \(generation) ends", timeout: timeout) { !self.isRunning }
        process.waitUntilExit()
    }

    /// SIGTERM, then up to `grace` for the process to end; SIGKILL after that. Returns how long it took
    /// and whether it ended by itself.
    func terminate(grace: Duration) async -> (seconds: Double, clean: Bool, status: Int32) {
        let start = ContinuousClock.now
        if process.isRunning { process.terminate() }
        while process.isRunning, start.duration(to: .now) < grace {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let clean = !process.isRunning
        if !clean { sendKill() }
        process.waitUntilExit()
        return (start.duration(to: .now).milliseconds / 1000, clean, process.terminationStatus)
    }

    private func sendKill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
    }

    private func feed(_ chunk: Data) -> [String] {
        watch.withLock { watch in
            watch.pending.append(chunk)
            var lines: [String] = []
            while let newline = watch.pending.firstIndex(of: UInt8(ascii: "\n")) {
                lines.append(String(decoding: watch.pending[watch.pending.startIndex..<newline], as: UTF8.self))
                watch.pending.removeSubrange(watch.pending.startIndex...newline)
            }
            return lines
        }
    }

    private func observe(_ line: String) {
        let delay = watch.withLock { watch -> Duration? in
            if line.contains("session") && line.hasSuffix("logged in") { watch.loggedIn = true }
            guard let trigger = watch.trigger, watch.fired == nil, trigger.matches(line) else { return nil }
            watch.trigger = nil
            watch.fired = SoakKill(
                moment: trigger.moment, detail: Self.trimmed(line), delayMs: trigger.delay.milliseconds,
                daemonUptimeMs: uptime.milliseconds, generation: generation)
            return trigger.delay
        }
        guard let delay else { return }
        if delay == .zero {
            sendKill()
        } else {
            DispatchQueue.global().asyncAfter(deadline: .now() + .microseconds(Int(delay.milliseconds * 1000))) {
                [self] in sendKill()
            }
        }
    }

    /// The line without its time stamp.
    private static func trimmed(_ line: String) -> String {
        let parts = line.split(separator: " ", maxSplits: 1)
        return parts.count == 2 ? String(parts[1]) : line
    }
}
