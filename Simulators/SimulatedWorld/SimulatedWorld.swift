import DeviceSetup
import Foundation
import Logging
import TerminalDaemon
import TerminalStore
import WeComCloudSim
import WeComDevice

/// The world a terminal lives in, in one process: the WeCom cloud simulator on a loopback port with
/// one device bound and its corp's members, against which the real daemon composition (`Terminal`)
/// is started on whatever devices a test or tool gives it.
public struct SimulatedWorld: Sendable {
    public let sn: String
    public let secretNo: String
    public let cloud: CloudSimulator
    /// The cloud simulator's loopback port.
    public let port: Int

    /// Starts the cloud simulator knowing device `sn` (with `secretNo`), with `members` (userid, name)
    /// in the corp and the device bound.
    public static func start(
        sn: String, secretNo: String, members: [(userid: String, name: String)],
        logger: Logger = Logger(label: "WeComCloudSim")
    ) async throws -> SimulatedWorld {
        let cloud = CloudSimulator(logger: logger)
        try await cloud.addDevice(sn: sn, secretNo: secretNo)
        for member in members { try await cloud.addMember(userid: member.userid, name: member.name) }
        try await cloud.bind(sn: sn)
        let port = try await cloud.start(host: "127.0.0.1", port: 0)
        return SimulatedWorld(sn: sn, secretNo: secretNo, cloud: cloud, port: port)
    }

    /// Another terminal of the same enterprise on the same cloud: device `sn` registered and bound.
    public func addTerminal(sn: String, secretNo: String) async throws -> SimulatedWorld {
        try await cloud.addDevice(sn: sn, secretNo: secretNo)
        try await cloud.bind(sn: sn)
        return SimulatedWorld(sn: sn, secretNo: secretNo, cloud: cloud, port: port)
    }

    /// A terminal already registered on this cloud (`addTerminal`), e.g. to start it again on its store.
    public func terminal(sn: String, secretNo: String) -> SimulatedWorld {
        SimulatedWorld(sn: sn, secretNo: secretNo, cloud: cloud, port: port)
    }

    /// The daemon config that reaches this cloud as this device; `sections` are further top-level
    /// members of the config's JSON, e.g. `"capture": {"deadline_s": 5}`.
    public func config(_ sections: String = "") throws -> DaemonConfig {
        let cloudSection =
            #""cloud": {"endpoint": "ws://127.0.0.1:\#(port)/", "sn": "\#(sn)", "secret_no": "\#(secretNo)"}"#
        let json = "{" + ([cloudSection] + (sections.isEmpty ? [] : [sections])).joined(separator: ", ") + "}"
        return try DaemonConfig.parse(Data(json.utf8))
    }

    /// Creates the face key `config` names the way an operator does (`attendctl face key init` makes
    /// the same call): the daemon never creates one, and without it runs with faces off. Returns the path.
    @discardableResult
    public static func initFaceKey(for config: DaemonConfig) throws -> String {
        try FaceKeySetup.initialize(at: config.faceKeyPath).path
    }

    /// Starts the terminal on `config` (see `config(_:)`) and waits until the device has logged in (not at
    /// all when `loginTimeout` is nil);
    /// `transport` is the real WebSocket client unless a tool instruments it.
    public func startTerminal(
        config: DaemonConfig, store: TerminalStore, fingerprint: FingerprintDevice?, face: FaceDevice? = nil,
        transport: any WebSocketTransport = WSClientTransport(), reporter: any TerminalReporter,
        logger: Logger = Logger(label: "attendanced"), loginTimeout: Duration? = .seconds(120),
        directoryPageSize: Int = ProtocolLimits.usersPerRequest
    ) async throws -> RunningTerminal {
        let terminal = try Terminal(
            config: config, store: store, fingerprint: fingerprint, face: face, transport: transport,
            reporter: reporter, logger: logger, directoryPageSize: directoryPageSize)
        let running = RunningTerminal(terminal: terminal, task: Task { await terminal.run() })
        do {
            if let loginTimeout { try await waitUntilLoggedIn(timeout: loginTimeout) }
        } catch {
            await running.stop()
            throw error
        }
        return running
    }

    /// Returns once the device holds a logged-in session with the cloud simulator; the timeout is a hang
    /// guard (a login takes well under a second, but a machine busy with a build can stall it for long).
    public func waitUntilLoggedIn(timeout: Duration = .seconds(120)) async throws {
        let deadline = ContinuousClock.now + timeout
        while await cloud.devices().first(where: { $0.sn == sn })?.loggedIn != true {
            guard ContinuousClock.now < deadline else { throw SimulatedWorldError.neverLoggedIn(sn: sn) }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Stops the cloud simulator.
    public func stop() async {
        await cloud.stop()
    }
}

/// The daemon composition running in its own task.
public struct RunningTerminal: Sendable {
    public let terminal: Terminal
    private let task: Task<Void, Never>

    init(terminal: Terminal, task: Task<Void, Never>) {
        self.terminal = terminal
        self.task = task
    }

    /// Asks the terminal to stop and returns at once.
    public func cancel() {
        task.cancel()
    }

    /// Stops the terminal and waits until it has.
    public func stop() async {
        task.cancel()
        await task.value
    }
}

public enum SimulatedWorldError: Error, CustomStringConvertible {
    case neverLoggedIn(sn: String)

    public var description: String {
        switch self {
        case .neverLoggedIn(let sn): "timed out waiting until the device \(sn) logs in"
        }
    }
}
