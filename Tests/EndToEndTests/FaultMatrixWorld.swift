import Biometrics
import DeviceSetup
import Enrollment
import FingerprintModuleSim
import Foundation
import SimulatedWorld
import Synchronization
import TerminalDaemon
import TerminalTesting
import WeComCloudSim

@testable import TerminalStore

/// The world of one fault-matrix row: the cloud simulator over loopback, a simulated ZFM module on
/// a Unix-domain socket (so that it can be unplugged, replugged or served by another process), a
/// store in a file (with a switch that makes its commits fail as a full disk does), and the daemon's
/// composition (`Terminal`) opening the module the way `attendanced` does.
final class FaultMatrixWorld: Sendable {
    static let sn = "MATRIX-TERMINAL"
    static let members = ["wangwu", "zhaoliu", "lisi", "poison"]
    let world: SimulatedWorld
    let module: SimulatedZFMModule
    let socketPath: String
    let storePath: String
    let store: TerminalStore
    let reporter = RecordingReporter()
    /// While set, the store's commits fail inside their transaction as SQLite does on a full disk.
    let diskFull = FaultSwitch()
    private let server: Mutex<ZFMSocketServer?>
    private let running: Mutex<RunningTerminal?> = Mutex(nil)
    private let fingerprint: Mutex<FingerprintDevice?> = Mutex(nil)
    private let moduleProcess: Mutex<Process?> = Mutex(nil)

    var cloud: CloudSimulator { world.cloud }

    /// Starts everything but the terminal; `serveModule: false` leaves the socket to another process.
    init(serveModule: Bool = true) async throws {
        let folder = FileManager.default.temporaryDirectory.path + "/fault-matrix-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        socketPath = folder + "/module.sock"
        storePath = folder + "/terminal.sqlite"
        world = try await SimulatedWorld.start(
            sn: Self.sn, secretNo: "matrix-secret-no", members: Self.members.map { ($0, $0) })
        module = SimulatedZFMModule(clock: ContinuousClock())
        server = Mutex(nil)
        let diskFull = self.diskFull
        store = try TerminalStore.open(
            path: storePath,
            faultHook: { point in
                if point == .afterTemplateWrite, diskFull.isOn {
                    throw FaultMatrixError("SQLITE_FULL: database or disk is full (injected)")
                }
            })
        if serveModule { try plugModule() }
    }

    /// Starts the terminal (as attendanced does: the recovering module opened from the config's link)
    /// and waits until it has logged in. Idle probes are off: one would use up a one-shot module fault
    /// injected between two enrollments.
    func startTerminal() async throws {
        let config = try world.config(
            #""capture": {"presses": 3, "poll_interval_ms": 50, "deadline_s": 20}, "fingerprint": {"link": "unix:\#(socketPath)"}"#
        )
        var recovery = FingerprintRecoverySettings.default
        recovery.probesWhileIdle = false
        let fingerprint = try await FingerprintDevice.recovering(config.fingerprint, settings: recovery)
        self.fingerprint.withLock { $0 = fingerprint }
        let terminal = try await world.startTerminal(
            config: config, store: store, fingerprint: fingerprint, reporter: reporter)
        running.withLock { $0 = terminal }
    }

    func stop() async {
        running.withLock { $0 }?.cancel()
        await fingerprint.withLock { $0 }?.close()
        await unplugModule()
        await killModuleProcess()
        await world.stop()
        try? store.close()
        try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: storePath).deletingLastPathComponent().path)
    }

    // MARK: The module

    /// Serves the module on the socket (again, after an unplug: the module keeps its library, as hardware does).
    func plugModule() throws {
        let server = try ZFMSocketServer(module: module, path: socketPath)
        server.start()
        self.server.withLock { $0 = server }
    }

    /// Closes the module's socket and its connection, as pulling its cable does.
    func unplugModule() async {
        await server.withLock { server in
            defer { server = nil }
            return server
        }?.shutdown()
    }

    /// Serves a module from another process (`terminal-sim fingerprint --socket`), built beside the tests.
    func startModuleProcess() async throws {
        let executable = Self.buildFolder.appendingPathComponent("terminal-sim").path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw FaultMatrixError("no terminal-sim at \(executable): swift build --build-tests builds it")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["fingerprint", "--socket", socketPath]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        moduleProcess.withLock { $0 = process }
        try await waitUntil("the module process listens") { FileManager.default.fileExists(atPath: self.socketPath) }
    }

    /// kill -9 of the module's process. Waits for the exit by polling: `Process.waitUntilExit` would block a
    /// thread of the cooperative pool until Foundation's SIGCHLD handler runs, which may itself wait for a
    /// pool thread (a deadlock on a two-core machine running the suites in parallel).
    func killModuleProcess() async {
        guard
            let process = moduleProcess.withLock({ process in
                defer { process = nil }
                return process
            })
        else {
            return
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// The folder holding the package's built products (the test bundle's folder).
    static var buildFolder: URL {
        Bundle.main.bundleURL.pathExtension == "xctest"
            ? Bundle.main.bundleURL.deletingLastPathComponent()
            : URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    // MARK: The person and the admin

    /// A person who does what the terminal's prompts ask with one finger (as `TerminalHarness.press`):
    /// places it on "place your finger" / "press again", lifts it on "lift" and when the enrollment ends.
    func press(_ identity: String, for operID: String) {
        PromptFollowingFinger(module: module, reporter: reporter).press(
            SimulatedFinger(identity, quality: 90), for: operID)
    }

    /// Waits until the terminal shows `wanted` for `operID`.
    func waitForPrompt(_ operID: String, _ wanted: @escaping @Sendable (EnrollmentPromptKind) -> Bool) async throws {
        try await waitUntil("the terminal prompts for \(operID)") {
            self.reporter.events.contains { event in
                guard case .prompt(let prompt) = event, prompt.operID == operID else { return false }
                return wanted(EnrollmentPromptKind(prompt.prompt))
            }
        }
    }

    /// Waits until the terminal has logged in again after the connection was lost (a push made
    /// before that could go into the dead connection and be lost on the cloud's side).
    func waitForReconnect() async throws {
        try await waitUntil("the terminal logs in again") {
            let logins = self.reporter.events.filter { event in
                guard case .session(let state) = event else { return false }
                return "\(state)" == "loggedIn"
            }
            return logins.count >= 2
        }
        try await world.waitUntilLoggedIn()
    }

    /// Upload records naming `operID`.
    func uploads(of operID: String) async -> [CloudUploadRecord] {
        await cloud.uploads().filter { $0.operID == operID }
    }

    func waitUntil(
        _ what: String, timeout: Duration = .seconds(90), _ condition: @escaping @Sendable () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while !(try await condition()) {
            guard ContinuousClock.now < deadline else { throw FaultMatrixError("timed out waiting until \(what)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Commits a template for `userid` as an earlier run did, its result long past its minute: a row
    /// of the outbox's backlog.
    func seedBacklog(_ userid: String, byte: UInt8) throws {
        try store.commitEnrollment(
            userid: try UserID(userid), userType: .employee, slot: SlotID(.fingerprint, 0)!,
            template: Template(
                modality: .fingerprint, algorithm: .zfmModule,
                data: Data((0..<512).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ Int(byte)) })),
            operation: nil, now: Date().addingTimeInterval(-600))
    }
}

/// The prompts a row waits for, without their payloads.
enum EnrollmentPromptKind: Sendable {
    case placeFinger, liftFinger, pressAgain, processing, finished, other

    init(_ prompt: EnrollmentPrompt) {
        switch prompt {
        case .placeFinger: self = .placeFinger
        case .liftFinger: self = .liftFinger
        case .pressAgain: self = .pressAgain
        case .processing: self = .processing
        case .enrolled, .failed, .cancelled: self = .finished
        default: self = .other
        }
    }
}

/// A fault that is on or off.
final class FaultSwitch: Sendable {
    private let on = Mutex(false)
    var isOn: Bool { on.withLock { $0 } }
    func set(_ value: Bool) { on.withLock { $0 = value } }
}

struct FaultMatrixError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
