import ArgumentParser
import Biometrics
import CameraSim
import FingerprintModuleSim
import Foundation
import Logging
import Measuring
import Synchronization
import TerminalStore
import UMockdevHarness
import WeComCloudSim

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "The whole simulated terminal: cloud simulator, fingerprint module and camera simulators, attendanced; a fingerprint, a face and a photo enrollment end to end."
    )

    @Option(help: "The attendanced executable.")
    var daemon: String = ".build/debug/attendanced"

    @Option(help: "The attendctl executable (default: beside --daemon); the operator's face key init runs it.")
    var attendctl: String?

    @Option(help: "Finger presses per enrollment (2-5).")
    var presses: Int = 3

    @Flag(help: "Keep the work folder (config, store, status file) afterwards.")
    var keep = false

    @Option(
        help: ArgumentHelp(
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

    enum DemoTemplates: String, ExpressibleByArgument, CaseIterable {
        case module, iso
    }

    @Option(
        help:
            "Fingerprint templates: iso (minutiae made on the host from the module's images of a real FVC finger) or module (the module's own, a generated finger)."
    )
    var templates: DemoTemplates = .iso

    @Option(
        help: ArgumentHelp(
            "Whether the module's bytes take the wire's time on the tty and usb links (on) or cross at memory speed (off).",
            discussion:
                "Off by default: the demo's person presses on a timetable (1.2 s on, 0.9 s off) and does not wait while an image crawls over the UART (about 7 s at 57600)."
        ))
    var wirePacing: WirePacingOption = .off

    @Option(help: "Shared test data (FVC fingers, face photos).")
    var data: String = "../shared/data"

    @Option(help: "dlib's face models (make face-models installs them).")
    var models: String = ".models/face"

    @Flag(help: "Leave out the camera and photo face enrollments.")
    var noFace = false

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
        narrator.say(
            "setup",
            "WeCom cloud simulator on ws://127.0.0.1:\(port)/ (admin API http://127.0.0.1:\(port)/admin/); device \(Self.sn) known to the vendor console; members zhangsan 张三, lisi 李四"
        )
        let narration = Task { for await event in cloud.events { narrator.cloud(event) } }

        var link = self.link
        if link == .auto {
            link = UMockdevEnvironment.isPreloaded ? .usb : .unix
            if link == .unix {
                narrator.say(
                    "setup",
                    "libumockdev-preload is not loaded, so the module is reached over a socket instead of the real libusb path (make demo sets LD_PRELOAD=libumockdev-preload.so.0)"
                )
            }
        }
        let templates = fingerprintTemplates(narrator: narrator)
        let module = SimulatedZFMModule(
            configuration: .init(uartImages: link != .unix, wirePacing: wirePacing.pacing), clock: ContinuousClock())
        let face = try demoFaceScene(narrator: narrator)
        let scene = face == nil ? nil : DemoScene()
        let devices = try DemoDevices.start(
            link: link, module: module, camera: scene, work: work, narrator: narrator)
        narrator.say(
            "setup",
            "ZFM fingerprint module simulator on \(devices.fingerprintLink), \(templates == .iso ? "ISO minutiae templates made on the host" : "templates made on the module")"
        )

        let configPath = work + "/attendanced.json"
        let secretFile = work + "/device-secret"
        try writeSecretFile(secretNo, to: secretFile)
        try writeConfig(
            to: configPath, port: port, secretFile: secretFile, work: work, devices: devices, templates: templates)
        narrator.say(
            "setup",
            "the device's SecretNo is in \(secretFile) (mode 600, cloud.secret_file), never on the command line")
        if devices.cameraPath != nil {
            try await initFaceKey(configPath: configPath, narrator: narrator)
        }
        narrator.say("setup", "starting \(daemon) --config \(configPath)")
        let daemonProcess = try DaemonProcess(
            executable: daemon, arguments: ["--config", configPath], prefix: "  daemon │ ")

        var accepted = false
        do {
            let camera = devices.cameraPath == nil ? nil : scene.flatMap { scene in face.map { (scene, $0) } }
            accepted = try await enrollAll(
                cloud: cloud, module: module, templates: templates, camera: camera,
                daemonProcess: daemonProcess, narrator: narrator, work: work)
            accepted =
                try await day(cloud: cloud, module: module, scene: camera?.0, templates: templates, narrator: narrator)
                && accepted
        } catch {
            narrator.say("demo", "FAILED: \(error)")
        }
        let status = await daemonProcess.stop()
        narrator.say("setup", "attendanced stopped (exit status \(status))")
        narration.cancel()
        await devices.shutDown()
        await cloud.stop()
        if keep {
            narrator.say("setup", "kept \(work): attendctl status --store \(work)/terminal.sqlite")
        } else {
            try? FileManager.default.removeItem(atPath: work)
        }
        guard accepted else { throw ExitCode(1) }
    }

    private func enrollAll(
        cloud: CloudSimulator, module: SimulatedZFMModule, templates: DemoTemplates, camera: (DemoScene, CameraImage)?,
        daemonProcess: DaemonProcess, narrator: Narrator, work: String
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

        var accepted = try await enrollFingerprint(
            cloud: cloud, module: module, templates: templates, daemonProcess: daemonProcess, narrator: narrator)
        if let (scene, face) = camera {
            scene.show(face)
            accepted = try await enrollFace(cloud: cloud, narrator: narrator) && accepted
            scene.show(nil)
            accepted = try await enrollPhoto(cloud: cloud, narrator: narrator) && accepted
        }
        try await showStore(work: work, narrator: narrator)
        return accepted
    }

    private func enrollFingerprint(
        cloud: CloudSimulator, module: SimulatedZFMModule, templates: DemoTemplates, daemonProcess: DaemonProcess,
        narrator: Narrator
    ) async throws -> Bool {
        narrator.say("admin", "the corp admin asks the terminal to enroll \(Self.member)'s fingerprint")
        let fingers = try demoFingers(templates)
        // The person does what the terminal's screen says (its prompt lines), one impression per press.
        let presses = Mutex(0)
        let member = Self.member
        daemonProcess.watch { line in
            // Only this enrollment runs meanwhile; its first prompt may come before the push returns.
            guard line.contains(" prompt ") else { return }
            if line.contains("Place your finger") || line.contains("Press the same finger again") {
                let press = presses.withLock { count in
                    defer { count += 1 }
                    return count
                }
                narrator.say("person", "\(member) puts the right index finger on the sensor (press \(press + 1))")
                module.place(fingers[press % fingers.count])
            } else if line.contains("Lift your finger") {
                module.lift()
                narrator.say("person", "\(member) lifts the finger")
            }
        }
        let operID = try await cloud.pushEnrollment(sn: Self.sn, userid: Self.member, pageType: .fingerprint)
        let pushed = ContinuousClock.now
        let operation = try await cloud.waitForOperation(operID, timeout: .seconds(Int64(Self.limit) + 5))
        daemonProcess.watch(nil)
        module.lift()
        return verdict(operation, since: pushed, narrator: narrator)
    }

    /// The day in miniature (`DemoDay`) with prints and photos not used to enroll.
    private func day(
        cloud: CloudSimulator, module: SimulatedZFMModule, scene: DemoScene?, templates: DemoTemplates,
        narrator: Narrator
    ) async throws -> Bool {
        let examples = data + "/faces/face_recognition_examples/knn_examples/test/"
        let iso = templates == .iso
        let day = DemoDay(
            cloud: cloud, module: module, scene: scene, member: Self.member, sn: Self.sn, narrator: narrator,
            memberFinger: iso
                ? try SimulatedFinger(
                    imageFile: URL(fileURLWithPath: fvcImpression(7)), identity: "\(Self.member)-right-index")
                : SimulatedFinger("\(Self.member)-right-index", quality: 85),
            strangerFinger: iso
                ? try SimulatedFinger(
                    imageFile: URL(fileURLWithPath: data + "/fingerprints/fvc2002_db1_b/105_7.tif"),
                    identity: "visitor-thumb")
                : SimulatedFinger("visitor-thumb", quality: 85),
            memberFaces: ["knn_examples/test/obama1.jpg", "knn_examples/train/obama/obama2.jpg", "obama3.jpg"]
                .compactMap { try? CameraImage.read(path: data + "/faces/face_recognition_examples/" + $0) },
            strangerFace: try? CameraImage.read(path: examples + "alex_lacamoire1.jpg"))
        return try await day.run()
    }

    private func enrollFace(cloud: CloudSimulator, narrator: Narrator) async throws -> Bool {
        narrator.say("admin", "the corp admin asks the terminal to enroll \(Self.member)'s face")
        let operID = try await cloud.pushEnrollment(sn: Self.sn, userid: Self.member, pageType: .face)
        let pushed = ContinuousClock.now
        narrator.say("person", "\(Self.member) looks at the camera")
        let operation = try await cloud.waitForOperation(operID, timeout: .seconds(Int64(Self.limit) + 5))
        return verdict(operation, since: pushed, narrator: narrator)
    }

    /// The legacy way: a photo taken in the WeCom app, fetched by the terminal with download_photo.
    private func enrollPhoto(cloud: CloudSimulator, narrator: Narrator) async throws -> Bool {
        let path = data + "/faces/face_recognition_examples/knn_examples/train/biden/biden.jpg"
        guard let photo = FileManager.default.contents(atPath: path) else {
            narrator.say("setup", "no photo at \(path): the photo enrollment is left out")
            return true
        }
        narrator.say("admin", "the corp admin sends lisi's photo from the WeCom app (push_user_face, face slot 0)")
        let operID = try await cloud.pushUserFace(sn: Self.sn, userid: "lisi", photos: [(slot: 0, jpeg: photo)])
        let pushed = ContinuousClock.now
        let operation = try await cloud.waitForOperation(operID, timeout: .seconds(Int64(Self.limit) + 5))
        return verdict(operation, since: pushed, narrator: narrator)
    }

    private func verdict(_ operation: CloudOperation, since pushed: ContinuousClock.Instant, narrator: Narrator) -> Bool
    {
        let elapsed = pushed.duration(to: .now)
        let seconds = elapsed.seconds
        let accepted = operation.status == .accepted && seconds < Self.limit
        narrator.say(
            "result",
            accepted
                ? String(
                    format:
                        "ACCEPTED by the cloud's rule checker: %@ oper_id %@ answered in %.1f s of the %.0f s limit",
                    operation.pageType.rawValue, operation.operID, seconds, Self.limit)
                : "NOT ACCEPTED: oper_id \(operation.operID) is \(operation.status.rawValue)\(operation.reason.map { " (\($0))" } ?? "") errcode \(operation.resultErrcode.map(String.init) ?? "-") after \(String(format: "%.1f", seconds)) s"
        )
        return accepted
    }

    /// The presses: impressions 1-5 of FVC2002 finger 103 for ISO templates (one image per press,
    /// as a real finger lands differently each time), else a generated finger.
    private func demoFingers(_ templates: DemoTemplates) throws -> [SimulatedFinger] {
        guard templates == .iso else {
            return Array(repeating: SimulatedFinger("\(Self.member)-right-index", quality: 88), count: presses)
        }
        return try (1...5).map { impression in
            try SimulatedFinger(
                imageFile: URL(fileURLWithPath: fvcImpression(impression)), identity: "\(Self.member)-right-index")
        }
    }

    private func fvcImpression(_ impression: Int) -> String {
        data + "/fingerprints/fvc2002_db1_b/103_\(impression).tif"
    }

    /// ISO templates need real prints; without the shared FVC images the module makes its own templates.
    private func fingerprintTemplates(narrator: Narrator) -> DemoTemplates {
        guard templates == .iso else { return .module }
        guard (1...5).allSatisfy({ FileManager.default.fileExists(atPath: fvcImpression($0)) }) else {
            narrator.say(
                "setup",
                "no FVC2002 images under \(data)/fingerprints (--data): the module makes its own templates from a generated finger instead of ISO templates from real prints"
            )
            return .module
        }
        return .iso
    }

    /// The face the camera sees, or nil (and why) when there is no camera in this run.
    private func demoFaceScene(narrator: Narrator) throws -> CameraImage? {
        guard !noFace else { return nil }
        guard CameraSimEnvironment.isPreloaded else {
            narrator.say(
                "setup",
                "libumockdev-preload is not loaded, so there is no simulated camera: the face enrollments are left out")
            return nil
        }
        let path = data + "/faces/face_recognition_examples/obama-480p.jpg"
        do {
            return try CameraImage.read(path: path)
        } catch {
            narrator.say(
                "setup", "cannot load the camera's scene \(path) (\(error)): the face enrollments are left out")
            return nil
        }
    }

    /// What the terminal kept: the template slot and an empty outbox once the cloud acknowledged it.
    private func showStore(work: String, narrator: Narrator) async throws {
        let store = try TerminalStore.open(path: work + "/terminal.sqlite")
        let deadline = ContinuousClock.now + .seconds(5)
        while try store.outboxCount() > 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        for member in [Self.member, "lisi"] {
            for entry in try store.templates(userid: try Biometrics.UserID(member)) {
                narrator.say(
                    "store",
                    "\(member) \(entry.slot): \(entry.template.algorithm), \(entry.template.data.count)-byte template (no image kept)"
                )
            }
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

    /// The SecretNo alone in a file only this user can read, as on a real terminal.
    private func writeSecretFile(_ secret: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw DemoError("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let bytes = Array((secret + "\n").utf8)
        guard bytes.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) == bytes.count else {
            throw DemoError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// The operator's step before faces can work: `attendctl face key init`, as on a real terminal (the
    /// daemon never makes a key itself, and runs with faces off without one).
    private func initFaceKey(configPath: String, narrator: Narrator) async throws {
        let executable =
            attendctl
            ?? URL(fileURLWithPath: daemon).deletingLastPathComponent().appendingPathComponent(
                "attendctl"
            ).path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw DemoError("no attendctl at \(executable): build it first (swift build) or pass --attendctl PATH")
        }
        let arguments = ["face", "key", "init", "--config", configPath]
        narrator.say("install", "attendctl \(arguments.joined(separator: " "))")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let status = try await withCheckedThrowingContinuation {
            (continuation: CheckedContinuation<Int32, any Error>) in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        for line in output.split(separator: "\n") { narrator.say("install", "  \(line)") }
        guard status == 0 else { throw DemoError("attendctl face key init failed (exit status \(status))") }
    }

    private func writeConfig(
        to path: String, port: Int, secretFile: String, work: String, devices: DemoDevices, templates: DemoTemplates
    ) throws {
        var config: [String: Any] = [
            "cloud": [
                "endpoint": "ws://127.0.0.1:\(port)/", "sn": Self.sn, "secret_file": secretFile,
                "firmware_version": "demo-1.0", "ping_interval_s": 20,
            ],
            "store": ["path": work + "/terminal.sqlite"],
            "capture": ["presses": presses, "deadline_s": 45, "poll_interval_ms": 100],
            "fingerprint": ["link": devices.fingerprintLink, "templates": templates.rawValue],
            // A day in a minute: the repeat window is 5 s here (60 s by default), so one member can pass by
            // fingerprint and then by face as two passages.
            "recognition": ["repeat_s": DemoDay.repeatSeconds],
        ]
        if let camera = devices.cameraPath {
            config["camera"] = ["device": camera]
            config["face"] = [
                "models": URL(fileURLWithPath: models).standardizedFileURL.path, "key": work + "/face-protection.key",
            ]
        }
        let data = try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: path))
    }
}
