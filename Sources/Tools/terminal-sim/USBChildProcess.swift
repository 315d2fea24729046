import Foundation

/// The command `terminal-sim usb` runs: it shares our stdout/stderr (so its output streams as it
/// comes) and our environment (LD_PRELOAD, UMOCKDEV_DIR).
enum USBChildProcess {
    /// `name` itself when it contains a slash, else the first executable of that name on PATH or,
    /// failing that, next to terminal-sim (so `-- attendctl …` finds .build/debug/attendctl).
    static func resolve(_ name: String) throws -> String {
        if name.contains("/") {
            guard FileManager.default.isExecutableFile(atPath: name) else {
                throw USBCommandError("\(name): no such executable (build it first: swift build)")
            }
            return name
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let ownDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        for directory in path.split(separator: ":").map(String.init) + [ownDirectory] {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw USBCommandError("\(name): not found on PATH; give its path, e.g. .build/debug/\(name)")
    }

    /// Runs the command to its end; its exit status, or 128 + the signal that killed it. SIGINT and
    /// SIGTERM are passed on to it (it runs in its own process group, so Ctrl-C does not reach it),
    /// and we outlive it to shut the testbed down.
    static func run(executable: String, arguments: [String]) async throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let (exits, exited) = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { finished in
            let status = finished.terminationStatus
            exited.yield(finished.terminationReason == .uncaughtSignal ? 128 + status : status)
            exited.finish()
        }
        // A caught signal (unlike an ignored one) reverts to its default in the child at exec.
        for number in forwarded { signal(number) { _ in } }
        let child = try await spawnWithSignalsUnblocked(process, executable: executable)
        let sources = forwarded.map { number in
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { kill(child, number) }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        for await status in exits { return status }
        throw USBCommandError("\(executable): its exit status was lost")
    }

    private static let forwarded = [SIGINT, SIGTERM]

    /// Starts `process` from a fresh thread with no signals blocked, and returns its pid: the child
    /// inherits the spawning thread's signal mask, and the concurrency pool's threads block SIGINT
    /// and SIGTERM, which would leave the child deaf to them.
    private static func spawnWithSignalsUnblocked(_ process: Process, executable: String) async throws -> Int32 {
        try await withCheckedThrowingContinuation { started in
            let thread = Thread {
                var none = sigset_t()
                sigemptyset(&none)
                pthread_sigmask(SIG_SETMASK, &none, nil)
                do {
                    try process.run()
                    started.resume(returning: process.processIdentifier)
                } catch {
                    started.resume(
                        throwing: USBCommandError("cannot start \(executable): \(error.localizedDescription)"))
                }
            }
            thread.start()
        }
    }
}
