import Foundation
import Testing
import V4L2

#if canImport(Glibc)
    import Glibc
#endif

/// The vivid driver (the kernel's virtual video test driver) as the tier-3 VM loads it: one instance,
/// one video-capture node, one webcam input (scripts/vm/stage2.sh). Finds its node, unbinds, unloads
/// and reloads it.
enum Vivid {
    /// The name vivid gives its capture node in sysfs.
    static let nodeName = "vivid-000-vid-cap"
    /// vivid's own controls (drivers/media/test-drivers/vivid/vivid-ctrls.c).
    static let percentageOfDroppedBuffers = V4L2ControlID(rawValue: 0x00f0_f040)
    /// The webcam input's frame sizes, as vivid lists them (webcam_sizes).
    static let webcamSizes: [V4L2Size] = [
        V4L2Size(width: 320, height: 180), V4L2Size(width: 640, height: 360), V4L2Size(width: 640, height: 480),
        V4L2Size(width: 1280, height: 720), V4L2Size(width: 1920, height: 1080), V4L2Size(width: 3840, height: 2160),
    ]

    /// The module parameters the VM loaded vivid with (stage2.sh exports them).
    static var moduleOptions: [String] {
        let options =
            ProcessInfo.processInfo.environment["VM_VIVID_OPTIONS"]
            ?? "n_devs=1 node_types=0x1 num_inputs=1 input_types=0x0"
        return options.split(separator: " ").map(String.init)
    }

    /// /dev/videoN of vivid's capture node, from /sys/class/video4linux/*/name.
    static func devicePath() throws -> String {
        let classFolder = "/sys/class/video4linux"
        let nodes = (try? FileManager.default.contentsOfDirectory(atPath: classFolder)) ?? []
        for node in nodes.sorted() {
            let name = try? String(contentsOfFile: "\(classFolder)/\(node)/name", encoding: .utf8)
            if name?.trimmingCharacters(in: .whitespacesAndNewlines) == nodeName { return "/dev/\(node)" }
        }
        throw VividError("no \(nodeName) node in \(classFolder) (found: \(nodes.sorted()))")
    }

    /// Unbinds vivid's platform device from its driver: what an unplug does to a camera's driver. Open
    /// handles stay valid descriptors, but every ioctl on them now fails with ENODEV.
    static func unbind() throws {
        try writeSysfs("/sys/bus/platform/drivers/vivid/unbind", "vivid.0")
    }

    /// `rmmod vivid`; its exit status and output.
    static func unload() async throws -> VividShell.Result {
        try await VividShell.run("/usr/sbin/rmmod", ["vivid"])
    }

    /// Unloads vivid (retrying while a closing handle still holds it) and loads it again with the VM's
    /// options; returns once its capture node opens.
    static func reload() async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            let loaded = FileManager.default.fileExists(atPath: "/sys/module/vivid")
            if !loaded { break }
            let result = try await unload()
            if result.status == 0 { break }
            guard ContinuousClock.now < deadline else { throw VividError("rmmod vivid kept failing: \(result.output)") }
            try await Task.sleep(for: .milliseconds(100))
        }
        let loading = try await VividShell.run("/usr/sbin/modprobe", ["vivid"] + moduleOptions)
        guard loading.status == 0 else { throw VividError("modprobe vivid failed: \(loading.output)") }
        while ContinuousClock.now < deadline {
            if let path = try? devicePath(), let device = try? V4L2Device(path: path) {
                device.close()
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw VividError("vivid's capture node did not appear within 10 s of modprobe")
    }

    private static func writeSysfs(_ path: String, _ value: String) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw VividError("open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let written = value.withCString { write(fd, $0, strlen($0)) }
        guard written == value.utf8.count else {
            throw VividError("write \(value) to \(path): \(String(cString: strerror(errno)))")
        }
    }
}

struct VividError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A program run to its end with its output collected: modprobe, rmmod, attendctl. Spawned with
/// posix_spawn and waited for by polling waitpid(WNOHANG) (never a blocking wait on the cooperative
/// pool); its stdout and stderr go to one temporary file.
enum VividShell {
    struct Result {
        let status: Int32
        let output: String
    }

    static func run(_ executable: String, _ arguments: [String], limit: Duration = .seconds(60)) async throws -> Result
    {
        let outputPath = NSTemporaryDirectory() + "vivid-shell-\(getpid())-\(UUID().uuidString)"
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw VividError("cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        let command = ([executable] + arguments).joined(separator: " ")
        let deadline = ContinuousClock.now + limit
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped < 0, errno != EINTR {
                throw VividError("waitpid(\(command)): \(String(cString: strerror(errno)))")
            }
            if ContinuousClock.now >= deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw VividError("\(command) still running after \(limit): killed")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // The wait status: low 7 bits the signal (0 when the program exited), then the exit code.
        let signal = status & 0x7f
        guard signal == 0 else { throw VividError("\(command) ended on signal \(signal): \(output)") }
        return Result(status: (status >> 8) & 0xff, output: output)
    }

    /// A product of this package, beside the test bundle (…/.build/debug/NAME).
    static func product(_ name: String) -> String {
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: executable).deletingLastPathComponent()
        while folder.path != "/", !FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent(name).path
    }
}

/// Stops `stream` after `limit` unless cancelled first: a driver that stops delivering fails the test
/// with `.streamEnded` instead of hanging it.
func stopVividStream(_ stream: V4L2Stream, after limit: Duration) -> Task<Void, Never> {
    Task {
        guard (try? await Task.sleep(for: limit)) != nil else { return }
        stream.requestStop()
    }
}
