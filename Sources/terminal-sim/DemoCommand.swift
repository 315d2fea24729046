import ArgumentParser
import FingerprintModuleSim
import Logging
import Foundation
import Biometrics
import TerminalStore
import UMockdevHarness
import WeComCloudSim

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The whole simulated terminal: cloud simulator, fingerprint module simulator and attendanced; one fingerprint enrollment end to end.")

    @Option(help: "The attendanced executable.")
    var daemon: String = ".build/debug/attendanced"

    @Option(help: "Finger presses per enrollment (2-5).")
    var presses: Int = 3

    @Flag(help: "Keep the work folder (config, store, status file) afterwards.")
    var keep = false

    @Option(help: ArgumentHelp(
        "How the daemon reaches the simulated module: auto, usb, tty or unix.",
        discussion: """
            usb: a CH340-wired module on the real libusb path under umockdev
            (needs LD_PRELOAD=libumockdev-preload.so.0, which `make demo` sets);
            tty: a pseudo-terminal, through termios; unix: a socket;
            auto: usb when the preload is there, else unix, saying why.
            """))
    var link: DemoLink = .auto

    enum DemoLink: String, ExpressibleByArgument, CaseIterable {
        case auto, usb, tty, unix
    }

    static let sn = "DEMO-TERMINAL-0001"
    static let member = "zhangsan"
    static let limit: Double = 60

    func validate() throws {
        guard (2...5).contains(presses) else { throw ValidationError("--presses: expected 2-5, got \(presses)") }
    }

    func run() async throws {
        let narrator = Narrator()
        let work = try makeWorkFolder()
        narrator.say("setup", "work folder \(work)")

        var quiet = Logger(label: "cloud-sim")
        quiet.logLevel = .critical
        let cloud = CloudSimulator(logger: quiet)
        let secretNo = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        try await cloud.addDevice(sn: Self.sn, secretNo: secretNo)
        try await cloud.addMember(userid: Self.member, name: "张三")
        try await cloud.addMember(userid: "lisi", name: "李四")
        let port = try await cloud.start(host: "127.0.0.1", port: 0)
        narrator.say("setup", "WeCom cloud simulator on ws://127.0.0.1:\(port)/ (admin API http://127.0.0.1:\(port)/admin/); device \(Self.sn) known to the vendor console; members zhangsan 张三, lisi 李四")
        let narration = Task { for await event in cloud.events { narrator.cloud(event) } }

        var link = self.link
        if link == .auto {
            link = UMockdevEnvironment.isPreloaded ? .usb : .unix
            if link == .unix {
                narrator.say("setup", "libumockdev-preload is not loaded, so the module is reached over a socket instead of the real libusb path (make demo sets LD_PRELOAD=libumockdev-preload.so.0)")
            }
        }
        let module = SimulatedZFMModule(configuration: .init(uartImages: link != .unix), clock: ContinuousClock())
        let fingerprintLink: String
        let stopModule: @Sendable () async -> Void
        switch link {
        case .unix, .auto:
            let socket = work + "/fingerprint.sock"
            let server = try ZFMSocketServer(module: module, path: socket)
            server.start()
            fingerprintLink = "unix:" + socket
            stopModule = { await server.shutdown() }
        case .tty:
            let server = try ZFMPTYServer(module: module)
            server.start()
            fingerprintLink = "tty:" + server.slavePath
            stopModule = { await server.shutdown() }
        case .usb:
            guard UMockdevEnvironment.isPreloaded else {
                throw DemoError("--link usb needs libumockdev-preload in this process and the daemon's: run `make demo-usb` (LD_PRELOAD=libumockdev-preload.so.0 terminal-sim demo --link usb)")
            }
            // The daemon inherits LD_PRELOAD and UMOCKDEV_DIR, so its libusb sees this testbed's
            // CH340 and its usbfs ioctls are answered here, by the simulated chip and module.
            let device = try UMockdevTestbed.withModule(.ch340, module: module)
            fingerprintLink = "usb"
            stopModule = { device.testbed.shutDown() }
            narrator.say("setup", "USB bus (umockdev): CH340 1a86:7523 at \(device.deviceNode) wired to the module at 57600 8N1")
        }
        narrator.say("setup", "ZFM fingerprint module simulator on \(fingerprintLink)")

        let configPath = work + "/attendanced.json"
        try writeConfig(to: configPath, port: port, secretNo: secretNo, work: work, fingerprintLink: fingerprintLink)
        narrator.say("setup", "starting \(daemon) --config \(configPath)")
        let daemonProcess = try DaemonProcess(executable: daemon, arguments: ["--config", configPath], prefix: "  daemon │ ")

        var accepted = false
        do {
            accepted = try await enroll(cloud: cloud, module: module, daemonProcess: daemonProcess, narrator: narrator, work: work)
        } catch {
            narrator.say("demo", "FAILED: \(error)")
        }
        let status = await daemonProcess.stop()
        narrator.say("setup", "attendanced stopped (exit status \(status))")
        narration.cancel()
        await stopModule()
        await cloud.stop()
        if keep {
            narrator.say("setup", "kept \(work): attendctl status --store \(work)/terminal.sqlite")
        } else {
            try? FileManager.default.removeItem(atPath: work)
        }
        guard accepted else { throw ExitCode(1) }
    }

    private func enroll(
        cloud: CloudSimulator, module: SimulatedZFMModule, daemonProcess: DaemonProcess, narrator: Narrator, work: String
    ) async throws -> Bool {
        try await waitUntil("the device registers", timeout: .seconds(30), daemonProcess) {
            await cloud.devices().first { $0.sn == Self.sn }?.registered == true
        }
        try await Task.sleep(for: .seconds(1))
        narrator.say("admin", "the corp admin binds \(Self.sn) in WeCom")
        try await cloud.bind(sn: Self.sn)
        try await waitUntil("the device logs in", timeout: .seconds(30), daemonProcess) {
            await cloud.devices().first { $0.sn == Self.sn }?.loggedIn == true
        }

        narrator.say("admin", "the corp admin asks the terminal to enroll \(Self.member)'s fingerprint")
        let operID = try await cloud.pushEnrollment(sn: Self.sn, userid: Self.member, pageType: .fingerprint)
        let pushed = ContinuousClock.now
        let finger = SimulatedFinger("\(Self.member)-right-index", quality: 88)
        let presser = Task {
            try await Task.sleep(for: .milliseconds(1500))
            for press in 1...presses {
                narrator.say("person", "\(Self.member) puts the right index finger on the sensor (press \(press)/\(presses))")
                module.place(finger)
                try await Task.sleep(for: .milliseconds(1200))
                module.lift()
                narrator.say("person", "\(Self.member) lifts the finger")
                try await Task.sleep(for: .milliseconds(900))
            }
        }
        let operation = try await cloud.waitForOperation(operID, timeout: .seconds(Int64(Self.limit) + 5))
        presser.cancel()
        let elapsed = pushed.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let accepted = operation.status == .accepted && seconds < Self.limit
        try await showStore(work: work, narrator: narrator)
        narrator.say(
            "result",
            accepted
                ? String(format: "ACCEPTED by the cloud's rule checker: oper_id %@ answered in %.1f s of the %.0f s limit", operID, seconds, Self.limit)
                : "NOT ACCEPTED: oper_id \(operID) is \(operation.status.rawValue)\(operation.reason.map { " (\($0))" } ?? "") after \(String(format: "%.1f", seconds)) s")
        return accepted
    }

    /// What the terminal kept: the template slot and an empty outbox once the cloud acknowledged it.
    private func showStore(work: String, narrator: Narrator) async throws {
        let store = try TerminalStore.open(path: work + "/terminal.sqlite")
        let deadline = ContinuousClock.now + .seconds(5)
        while try store.outboxCount() > 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        let userid = try Biometrics.UserID(Self.member)
        for entry in try store.templates(userid: userid) {
            narrator.say("store", "\(Self.member) \(entry.slot): \(entry.template.algorithm), \(entry.template.data.count)-byte template (no image kept)")
        }
        narrator.say("store", "outbox: \(try store.outboxCount()) row(s) pending")
        try store.close()
    }

    private func waitUntil(
        _ what: String, timeout: Duration, _ daemonProcess: DaemonProcess, _ condition: () async -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while !(await condition()) {
            guard daemonProcess.isRunning else { throw DemoError("attendanced exited while waiting until \(what)") }
            guard ContinuousClock.now < deadline else { throw DemoError("timed out waiting until \(what)") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    private func makeWorkFolder() throws -> String {
        let base = FileManager.default.temporaryDirectory.path + "/attendance-demo-\(getpid())"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        return base
    }

    private func writeConfig(to path: String, port: Int, secretNo: String, work: String, fingerprintLink: String) throws {
        let config: [String: Any] = [
            "cloud": [
                "endpoint": "ws://127.0.0.1:\(port)/", "sn": Self.sn, "secret_no": secretNo,
                "firmware_version": "demo-1.0", "ping_interval_s": 20,
            ],
            "store": ["path": work + "/terminal.sqlite"],
            "capture": ["presses": presses, "deadline_s": 45, "poll_interval_ms": 100],
            "fingerprint": ["link": fingerprintLink],
        ]
        let data = try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: path))
    }
}
