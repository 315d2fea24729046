import Foundation
import Glibc
import Synchronization

/// `module-gadget` run as a child process: the simulated module as a real USB device on dummy_hcd,
/// driven through its control pipe (`place`, `lift`, `unplug`, `replug`) and stopped with SIGTERM.
/// Spawned with posix_spawn and reaped with waitpid (Foundation's Process loses track of its children
/// in the VM: it cannot make its wakeup socket pair there); its output goes to a file in /tmp.
final class GadgetProcess: Sendable {
    private let pid: pid_t
    private let exitStatus = Mutex<Int32?>(nil)
    /// The control pipe the gadget reads commands from.
    let controlPath: String
    /// Where its stdout and stderr go.
    let logPath: String

    /// Starts the gadget as `presentation` (native, native-high, ch340, cp210x) and waits until it is
    /// plugged into the UDC and reads its control pipe.
    static func start(_ presentation: String, extraArguments: [String] = []) async throws -> GadgetProcess {
        let gadget = try GadgetProcess(presentation, extraArguments: extraArguments)
        do {
            try await gadget.waitForOutput("serving ", timeout: .seconds(15))
        } catch {
            _ = try? await gadget.stop()
            throw error
        }
        return gadget
    }

    private init(_ presentation: String, extraArguments: [String]) throws {
        let tag = "\(getpid())-\(presentation)-\(UInt32.random(in: 0...UInt32.max))"
        controlPath = "/tmp/module-gadget-\(tag).ctl"
        logPath = "/tmp/module-gadget-\(tag).log"
        let arguments = [Self.executable, "--presentation", presentation, "--control", controlPath] + extraArguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, Self.executable, &actions, &attributes, argv, environ)
        guard status == 0 else { throw GadgetTestError("posix_spawn \(Self.executable): errno \(status)") }
        pid = child
    }

    /// `module-gadget` beside the test bundle (`swift build --build-tests` builds it).
    static var executable: String {
        let binary =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: binary).deletingLastPathComponent()
        while folder.path != "/",
            !FileManager.default.fileExists(atPath: folder.appendingPathComponent("module-gadget").path)
        {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("module-gadget").path
    }

    /// Everything the gadget printed so far.
    var output: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Whether it is still running (reaps it once it has ended).
    var isRunning: Bool {
        exitStatus.withLock { exit in
            guard exit == nil else { return false }
            var status: Int32 = 0
            guard waitpid(pid, &status, WNOHANG) == pid else { return true }
            exit = status
            return false
        }
    }

    /// Sends one control command (e.g. "place alice-right-index", "unplug").
    func send(_ command: String) throws {
        let fd = open(controlPath, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw GadgetTestError("cannot open \(controlPath): errno \(errno)\n\(output)") }
        defer { close(fd) }
        let line = Array((command + "\n").utf8)
        guard write(fd, line, line.count) == line.count else { throw GadgetTestError("writing '\(command)' failed") }
    }

    /// Waits until the output contains `text` `count` times.
    func waitForOutput(_ text: String, count: Int = 1, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while output.components(separatedBy: text).count - 1 < count {
            guard isRunning else { throw GadgetTestError("module-gadget exited:\n\(output)") }
            guard ContinuousClock.now < deadline else {
                throw GadgetTestError("no '\(text)' from module-gadget within \(timeout):\n\(output)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// SIGTERM, then waits (polling) for a clean exit; returns the exit status (128 + N for signal N)
    /// and the whole output.
    @discardableResult
    func stop() async throws -> (status: Int32, output: String) {
        if isRunning { kill(pid, SIGTERM) }
        let deadline = ContinuousClock.now + .seconds(10)
        while isRunning {
            guard ContinuousClock.now < deadline else {
                kill(pid, SIGKILL)
                throw GadgetTestError("module-gadget still running 10 s after SIGTERM: killed\n\(output)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let raw = exitStatus.withLock { $0 } ?? 0
        let status = raw & 0x7F == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
        let text = output
        unlink(logPath)
        return (status, text)
    }

    /// Runs `body` with a gadget of `presentation`, stopping it afterwards (also when `body` throws).
    static func with<R>(
        _ presentation: String, extraArguments: [String] = [], _ body: (GadgetProcess) async throws -> R
    ) async throws -> R {
        let gadget = try await start(presentation, extraArguments: extraArguments)
        let result: R
        do {
            result = try await body(gadget)
        } catch {
            _ = try? await gadget.stop()
            throw error
        }
        let (status, output) = try await gadget.stop()
        guard status == 0 else { throw GadgetTestError("module-gadget exited with status \(status):\n\(output)") }
        return result
    }
}

/// A tier-3 gadget test could not do what it needed.
struct GadgetTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
