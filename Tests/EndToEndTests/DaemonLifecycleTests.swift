import DeviceSetup
import FingerprintModule
import FingerprintModuleSim
import Foundation
import ServiceLifecycle
import SimulatedWorld
import TerminalDaemon
import TerminalStore
import TerminalTesting
import Testing
import WeComCloudSim
import WeComDevice

/// The daemon's start-up and shutdown paths over loopback: the terminal's services under a
/// `ServiceGroup`, the control socket of `attendctl enroll cancel`, the free-space check.
@Suite("End to end: graceful shutdown, enroll cancel, free space", .serialized)
struct DaemonLifecycleTests {
    static let sn = "E2E-LIFECYCLE"

    /// The cloud simulator, a fingerprint module nobody touches and a `Terminal` (not yet running).
    struct Rig {
        let world: SimulatedWorld
        let module: InProcessModule
        let terminal: Terminal
        let reporter: RecordingReporter

        static func make(storageSpace: StorageSpace? = nil) async throws -> Rig {
            let world = try await SimulatedWorld.start(
                sn: sn, secretNo: "lifecycle-secret", members: [("wangwu", "王五")])
            let module = InProcessModule(SimulatedZFMModule(clock: ContinuousClock()))
            let reporter = RecordingReporter()
            let terminal = try Terminal(
                config: try world.config(
                    #""capture": {"presses": 3, "poll_interval_ms": 50}, "recognition": {"enabled": false}"#),
                store: try TerminalStore.inMemory(), fingerprint: module.device, transport: WSClientTransport(),
                reporter: reporter, storageSpace: storageSpace)
            return Rig(world: world, module: module, terminal: terminal, reporter: reporter)
        }

        /// Returns once the cloud and the terminal's client both see the session logged in.
        func waitUntilLoggedIn() async throws {
            try await world.waitUntilLoggedIn()
            guard
                await eventuallyHolds(
                    upTo: 1_000, every: .milliseconds(20), { await terminal.client.state == .loggedIn })
            else { throw HarnessError("the terminal never logged in") }
        }

        /// Pushes a fingerprint enrollment and returns once the terminal is capturing.
        func pushAndWaitUntilCapturing() async throws -> String {
            let operID = try await world.cloud.pushEnrollment(sn: sn, userid: "wangwu", pageType: .fingerprint)
            guard
                await eventuallyHolds(
                    upTo: 1_000, every: .milliseconds(20), { await terminal.runner.runningRequest != nil })
            else { throw HarnessError("the enrollment never started") }
            return operID
        }

        func stop() async {
            module.stop()
            await world.stop()
        }
    }

    @Test("graceful shutdown during an enrollment: the cloud gets 107, then every service ends")
    func gracefulShutdownSends107() async throws {
        let rig = try await Rig.make()
        defer { Task { await rig.stop() } }
        let group = ServiceGroup(services: rig.terminal.services(), logger: .init(label: "test"))
        let running = Task { try await group.run() }
        try await rig.waitUntilLoggedIn()
        let operID = try await rig.pushAndWaitUntilCapturing()

        let started = ContinuousClock.now
        await group.triggerGracefulShutdown()
        try await running.value
        print("graceful shutdown during an enrollment took \(started.duration(to: .now))")

        let operation = try #require(await rig.world.cloud.operation(operID))
        #expect(operation.resultErrcode == 107, "\(operation)")
        #expect(operation.resultErrmsg == "已取消")
        #expect(await rig.terminal.runner.runningRequest == nil)
    }

    @Test("enroll cancel over the control socket: 107 to the cloud; idle, it says nothing is enrolling")
    func controlSocketCancels() async throws {
        let rig = try await Rig.make()
        defer { Task { await rig.stop() } }
        let running = Task { await rig.terminal.run() }
        defer { running.cancel() }
        try await rig.waitUntilLoggedIn()
        let folder = try DaemonScratchFolder()
        let path = ControlSocket.path(besidesStatusFile: folder.path + "/status.json")
        let server = try ControlServer(path: path)
        let serving = Task { [terminal = rig.terminal] in await server.serve { await terminal.handleControl($0) } }
        defer { serving.cancel() }

        let idle = try await Self.send(.enrollCancel, to: path)
        #expect(!idle.ok)
        #expect(idle.message == "nothing to cancel: no enrollment is running")

        let operID = try await rig.pushAndWaitUntilCapturing()
        let reply = try await Self.send(.enrollCancel, to: path)
        #expect(reply.ok, "\(reply.message)")
        #expect(reply.message.contains("107"), "\(reply.message)")
        #expect(reply.message.contains(operID), "\(reply.message)")
        let operation = try await rig.world.cloud.waitForOperation(operID, timeout: .seconds(10))
        #expect(operation.resultErrcode == 107)

        // A second daemon on the same files is refused while the first serves.
        #expect(throws: ControlSocketError.alreadyServed(path: path)) { try ControlServer(path: path) }
        serving.cancel()
        await serving.value
        #expect(throws: ControlSocketError.noDaemon(path: path)) { try ControlClient.send(.enrollCancel, to: path) }
    }

    @Test("an enrollment on a nearly full disk answers 110 before any capture, with the reason in the log")
    func lowDiskAnswers110() async throws {
        let free: UInt64 = 10 * 1024 * 1024
        let rig = try await Rig.make(storageSpace: StorageSpace(path: "/var/lib/attendanced", probe: { _ in free }))
        defer { Task { await rig.stop() } }
        let running = Task { await rig.terminal.run() }
        defer { running.cancel() }
        try await rig.waitUntilLoggedIn()

        let operID = try await rig.world.cloud.pushEnrollment(sn: Self.sn, userid: "wangwu", pageType: .fingerprint)
        let operation = try await rig.world.cloud.waitForOperation(operID, timeout: .seconds(10))
        #expect(operation.resultErrcode == 110)
        #expect(operation.resultErrmsg == "设备故障")
        #expect(rig.module.module.count(of: .genImg) == 0, "no capture was started")
        let notices = rig.reporter.events.compactMap { event -> String? in
            if case .notice(let text) = event { text } else { nil }
        }
        #expect(
            notices.contains(
                "enrollment of wangwu refused with 110: only 10 MiB free on the filesystem of /var/lib/attendanced (the store's), an enrollment needs at least 64 MiB free: free some space"
            ), "\(notices)")
    }

    /// The blocking client on a thread of its own, off the cooperative pool.
    static func send(_ command: ControlCommand, to path: String) async throws -> ControlReply {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try ControlClient.send(command, to: path) }) }.start()
        }
    }
}

/// A fresh folder under the temporary directory, removed when the test process ends.
struct DaemonScratchFolder {
    let path: String

    init() throws {
        path =
            FileManager.default.temporaryDirectory.appendingPathComponent("attendanced-\(UUID().uuidString.prefix(8))")
            .path
        try FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
}
