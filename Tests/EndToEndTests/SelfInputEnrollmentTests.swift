import Biometrics
import DeviceSetup
import Enrollment
import FingerprintModule
import FingerprintModuleSim
import Foundation
import SimulatedWorld
import TerminalDaemon
import TerminalStore
import TerminalTesting
import Testing
import WeComCloudSim

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Issue 15 item 4: `push_open_self_input` is honoured. A local enrollment (`attendctl enroll USERID
/// --fp|--face`, the control socket's `enroll local`) runs only while the enterprise allows it; it
/// checks an unknown userid with `check_userid` and uploads without `oper_id`. Over loopback: the cloud
/// simulator (its admin HTTP route sets the switches), the module simulator, the real `Terminal` and
/// its control socket.
@Suite("End to end: local enrollment under push_open_self_input", .serialized)
struct SelfInputEnrollmentTests {
    static let sn = "E2E-SELFINPUT"

    /// The cloud simulator (with wangwu and zhaoliu), a module simulator and the real `Terminal`
    /// answering on a control socket in a scratch folder, as attendanced does.
    struct Rig {
        let world: SimulatedWorld
        let module: InProcessModule
        let store: TerminalStore
        let terminal: Terminal
        let reporter: RecordingReporter
        let path: String
        private let running: RunningTerminal
        private let serving: Task<Void, Never>
        /// Whether `stop()` stops the cloud simulator too (it started it).
        private let ownsWorld: Bool

        /// Starts a terminal on `world` (a new cloud simulator when nil) and `store` (in memory when nil).
        static func start(
            world given: SimulatedWorld? = nil, store: TerminalStore? = nil,
            // These tests count the enrollment's own use of the sensor: the recognition loop would poll it too.
            capture: String = #""capture": {"presses": 3, "poll_interval_ms": 50}, "recognition": {"enabled": false}"#
        ) async throws -> Rig {
            let world: SimulatedWorld
            if let given {
                world = given
            } else {
                world = try await SimulatedWorld.start(
                    sn: sn, secretNo: "selfinput-secret", members: [("wangwu", "王五"), ("zhaoliu", "赵六")])
            }
            let module = InProcessModule(SimulatedZFMModule(clock: ContinuousClock()))
            let store = try store ?? TerminalStore.inMemory()
            let reporter = RecordingReporter()
            let running = try await world.startTerminal(
                config: try world.config(capture), store: store,
                fingerprint: module.device, reporter: reporter)
            let folder = try DaemonScratchFolder()
            let path = ControlSocket.path(besidesStatusFile: folder.path + "/status.json")
            let server = try ControlServer(path: path)
            let serving = Task { [terminal = running.terminal] in
                await server.serve { await terminal.handleControl($0) }
            }
            return Rig(
                world: world, module: module, store: store, terminal: running.terminal, reporter: reporter, path: path,
                running: running, serving: serving, ownsWorld: given == nil)
        }

        /// Stops the control socket and the terminal, and the cloud simulator when this rig started it.
        func stop() async {
            serving.cancel()
            await serving.value
            await running.stop()
            module.stop()
            if ownsWorld { await world.stop() }
        }

        func waitUntil(_ what: String, _ condition: () async throws -> Bool) async throws {
            let deadline = ContinuousClock.now + .seconds(20)
            while !(try await condition()) {
                guard ContinuousClock.now < deadline else { throw HarnessError("timed out waiting until \(what)") }
                try await Task.sleep(for: .milliseconds(20))
            }
        }

        /// What `attendctl enroll` sends, from a thread of its own (the client blocks), with its timeout.
        func send(_ command: ControlCommand) async throws -> ControlReply {
            try await withCheckedThrowingContinuation { continuation in
                Thread {
                    continuation.resume(
                        with: Result {
                            try ControlClient.send(
                                command, to: path,
                                timeout: EnrollmentSettings.maximumResultDeadline + ControlSocket.replyTimeout)
                        })
                }.start()
            }
        }

        /// `POST /admin/self_input` on the cloud simulator; returns the status and the answer.
        func setSwitches(fp: Bool, fa: Bool) async throws -> (status: Int, json: [String: Any]) {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(world.port)/admin/self_input")!)
            request.httpMethod = "POST"
            request.httpBody = Data(#"{"fp": \#(fp), "fa": \#(fa)}"#.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            let (data, response) = try await URLSession.shared.data(for: request)
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, json)
        }

        /// Returns once the terminal has stored `fingerprint`/`face` from a push.
        func waitUntilStored(fingerprint: Bool, face: Bool) async throws {
            try await waitUntil("the terminal stores the switches fp \(fingerprint) fa \(face)") {
                let stored = try store.selfInputPermission()
                return stored.receivedAt != nil && stored.fingerprint == fingerprint && stored.face == face
            }
        }

        /// Enrolls `userid`'s fingerprint through the control socket with the module simulator's finger
        /// following the prompts; returns the reply.
        func enrollFingerprint(_ userid: String, finger: String) async throws -> ControlReply {
            PromptFollowingFinger(module: module.module, reporter: reporter).press(SimulatedFinger(finger, quality: 90))
            return try await send(.enrollLocal(userid: try UserID(userid), modality: .fingerprint))
        }
    }

    @Test(
        "refused before the switch; after the admin route turns fp on a member is enrolled locally and uploaded without oper_id; face stays refused"
    )
    func switchGatesLocalEnrollment() async throws {
        let rig = try await Rig.start()
        defer { Task { await rig.stop() } }
        let wangwu = try UserID("wangwu")

        let before = try await rig.send(.enrollLocal(userid: wangwu, modality: .fingerprint))
        #expect(!before.ok)
        #expect(
            before.message
                == "local fingerprint enrollment is not allowed: the enterprise has not turned on open_self_input_fp "
                + "(set by the cloud's push_open_self_input; none has been received, and it is off until one allows it)"
        )
        #expect(rig.module.module.count(of: .genImg) == 0, "nothing was captured")

        let set = try await rig.setSwitches(fp: true, fa: false)
        #expect(set.status == 200, "\(set.json)")
        #expect(set.json["pushed_to"] as? [String] == [Self.sn])
        #expect(await rig.world.cloud.selfInputSwitches() == CloudSelfInputSwitches(fp: true, fa: false))
        try await rig.waitUntilStored(fingerprint: true, face: false)

        let uploadsBefore = await rig.world.cloud.uploads().count
        let reply = try await rig.enrollFingerprint("wangwu", finger: "wangwu-left-thumb")
        #expect(reply.ok, "\(reply.message)")
        #expect(rig.module.module.count(of: .genImg) > 0, "the finger was captured")
        #expect(reply.message.hasPrefix("the local fingerprint enrollment of wangwu enrolled into slot 0 (fp#0) in "))
        #expect(reply.message.hasSuffix("; queued for upload_userinfo without oper_id"))
        // The terminal did not know wangwu: check_userid confirmed the member, who is now stored.
        #expect(try rig.store.member(wangwu) != nil)
        let stored = try #require(try rig.store.template(userid: wangwu, slot: SlotID(.fingerprint, 0)!))
        #expect(try rig.store.recentEnrollmentLog().first?.operID == nil)
        #expect(try rig.store.recentEnrollmentLog().first?.errcode == 0)

        try await rig.waitUntil("the cloud accepts the upload") {
            await rig.world.cloud.uploads().dropFirst(uploadsBefore).contains { $0.verdict == .accepted }
        }
        let upload = try #require(await rig.world.cloud.uploads().dropFirst(uploadsBefore).first)
        #expect(upload.operID == nil, "a local enrollment is uploaded without oper_id")
        #expect(upload.sn == Self.sn)
        #expect(upload.users.map(\.userid) == ["wangwu"])
        let held = await rig.world.cloud.storedTemplates(userid: "wangwu")
        #expect(held.map(\.slot) == [0])
        #expect(held.first?.pageType == .fingerprint)
        #expect(held.first?.size == stored.template.data.count)
        #expect(held.first?.sn == Self.sn)
        #expect(await rig.world.cloud.operations().isEmpty, "no cloud operation was involved")

        let face = try await rig.send(.enrollLocal(userid: wangwu, modality: .face))
        #expect(!face.ok)
        #expect(
            face.message.hasPrefix(
                "local face enrollment is not allowed: the enterprise has not turned on open_self_input_fa"))
        #expect(face.message.contains("allowed fp on, fa off"), "\(face.message)")

        // Allowed, but this terminal has no camera: refused for the device, not the switch.
        _ = try await rig.setSwitches(fp: true, fa: true)
        try await rig.waitUntilStored(fingerprint: true, face: true)
        let noCamera = try await rig.send(.enrollLocal(userid: wangwu, modality: .face))
        #expect(!noCamera.ok)
        #expect(noCamera.message.hasPrefix("local face enrollment is impossible: this terminal has no camera"))

        // Turned off again: refused again.
        _ = try await rig.setSwitches(fp: false, fa: false)
        try await rig.waitUntilStored(fingerprint: false, face: false)
        let off = try await rig.send(.enrollLocal(userid: wangwu, modality: .fingerprint))
        #expect(!off.ok)
        #expect(off.message.contains("open_self_input_fp"), "\(off.message)")
    }

    @Test("a userid check_userid calls illegal is refused with 108 before any capture, and nothing is uploaded")
    func unknownMemberIs108() async throws {
        let rig = try await Rig.start()
        defer { Task { await rig.stop() } }
        let reached = await rig.world.cloud.setSelfInput(CloudSelfInputSwitches(fp: true, fa: false))
        #expect(reached == [Self.sn])
        try await rig.waitUntilStored(fingerprint: true, face: false)

        let reply = try await rig.send(.enrollLocal(userid: try UserID("nobody"), modality: .fingerprint))
        #expect(!reply.ok)
        #expect(reply.message.contains("failed in "), "\(reply.message)")
        #expect(reply.message.contains("108 member unknown to the terminal (errmsg 成员不在设备范围内)"), "\(reply.message)")
        #expect(reply.message.hasSuffix("check_userid says nobody is not in this device's scope"), "\(reply.message)")
        #expect(rig.module.module.count(of: .genImg) == 0, "no capture was started")
        #expect(try rig.store.member(UserID("nobody")) == nil)
        #expect(await rig.world.cloud.uploads().isEmpty, "a local failure is not sent")
        try await rig.waitUntil("the failure is in the enrollment log") {
            try rig.store.recentEnrollmentLog().contains { $0.userid == "nobody" }
        }
        let logged = try #require(try rig.store.recentEnrollmentLog().first { $0.userid == "nobody" })
        #expect(logged.errcode == 108)
        #expect(logged.operID == nil)
        #expect(logged.modality == .fingerprint)
    }

    @Test("while a cloud enrollment runs, a local one is refused as busy (101) and the running one goes on")
    func busyTerminalRefuses() async throws {
        let rig = try await Rig.start()
        defer { Task { await rig.stop() } }
        await rig.world.cloud.setSelfInput(CloudSelfInputSwitches(fp: true, fa: true))
        try await rig.waitUntilStored(fingerprint: true, face: true)
        let operID = try await rig.world.cloud.pushEnrollment(
            sn: Self.sn, userid: "zhaoliu", pageType: .fingerprint)
        try await rig.waitUntil("the cloud enrollment runs") {
            await rig.terminal.runner.runningRequest?.operID == operID
        }
        let reply = try await rig.send(.enrollLocal(userid: try UserID("wangwu"), modality: .fingerprint))
        #expect(!reply.ok)
        #expect(
            reply.message
                == "the local fingerprint enrollment of wangwu is refused with 101 (busy): the fp enrollment of zhaoliu (oper_id \(operID)) is running; wait for its end or cancel it with attendctl enroll cancel"
        )
        PromptFollowingFinger(module: rig.module.module, reporter: rig.reporter).press(
            SimulatedFinger("zhaoliu-right-index", quality: 90))
        #expect(try await rig.world.cloud.waitForOperation(operID, timeout: .seconds(30)).status == .accepted)
    }

    @Test("enroll cancel is answered while a local enrollment waits for its finger: 107, not sent to the cloud")
    func cancelDuringLocalEnrollment() async throws {
        let rig = try await Rig.start()
        defer { Task { await rig.stop() } }
        await rig.world.cloud.setSelfInput(CloudSelfInputSwitches(fp: true, fa: false))
        try await rig.waitUntilStored(fingerprint: true, face: false)
        let local = Task { try await rig.send(.enrollLocal(userid: try UserID("wangwu"), modality: .fingerprint)) }
        try await rig.waitUntil("the local enrollment runs") {
            await rig.terminal.runner.runningRequest?.userid.rawValue == "wangwu"
        }
        let cancel = try await rig.send(.enrollCancel)
        #expect(cancel.ok, "\(cancel.message)")
        #expect(cancel.message.contains("the fp enrollment of wangwu (local)"), "\(cancel.message)")
        let reply = try await local.value
        #expect(!reply.ok)
        #expect(reply.message.contains("107 cancelled on the terminal"), "\(reply.message)")
        #expect(await rig.world.cloud.uploads().isEmpty)
    }

    @Test("nobody places a finger: the answer comes with 103 at the capture deadline, not at the client's timeout")
    func captureDeadlineBoundsTheAnswer() async throws {
        let rig = try await Rig.start(
            capture:
                #""capture": {"presses": 3, "deadline_s": 5, "poll_interval_ms": 50}, "recognition": {"enabled": false}"#
        )
        defer { Task { await rig.stop() } }
        await rig.world.cloud.setSelfInput(CloudSelfInputSwitches(fp: true, fa: false))
        try await rig.waitUntilStored(fingerprint: true, face: false)
        let started = ContinuousClock.now
        let reply = try await rig.send(.enrollLocal(userid: try UserID("wangwu"), modality: .fingerprint))
        let took = started.duration(to: .now)
        #expect(!reply.ok)
        #expect(reply.message.contains("103 no finger was ever detected (errmsg 未检测到手指)"), "\(reply.message)")
        // The 103 itself shows the capture deadline answered (the client's own timeout would be an error, not a
        // reply); no upper bound on the wall clock, which a loaded machine could stretch.
        #expect(took >= .seconds(5), "answered after \(took), before the capture deadline")
        #expect(await rig.world.cloud.uploads().isEmpty)
    }

    @Test("the switches survive a restart: the terminal started again on its store enrolls locally without a new push")
    func switchesSurviveRestart() async throws {
        let world = try await SimulatedWorld.start(
            sn: Self.sn, secretNo: "selfinput-secret", members: [("wangwu", "王五"), ("zhaoliu", "赵六")])
        defer { Task { await world.stop() } }
        let folder = try DaemonScratchFolder()
        let path = folder.path + "/terminal.sqlite"
        let first = try await Rig.start(world: world, store: try TerminalStore.open(path: path))
        await world.cloud.setSelfInput(CloudSelfInputSwitches(fp: true, fa: false))
        try await first.waitUntilStored(fingerprint: true, face: false)
        await first.stop()

        let store = try TerminalStore.open(path: path)
        let stored = try store.selfInputPermission()
        #expect(stored.fingerprint && !stored.face && stored.receivedAt != nil)
        // The cloud sends nothing at login: the restarted terminal goes by what it stored.
        let rig = try await Rig.start(world: world, store: store)
        defer { Task { await rig.stop() } }
        let reply = try await rig.enrollFingerprint("zhaoliu", finger: "zhaoliu-left-index")
        #expect(reply.ok, "\(reply.message)")
        try await rig.waitUntil("the cloud holds zhaoliu's template") {
            await !world.cloud.storedTemplates(userid: "zhaoliu").isEmpty
        }
        #expect(await world.cloud.uploads().allSatisfy { $0.operID == nil })
    }
}
