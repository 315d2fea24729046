import Biometrics
import DeviceSetup
import Enrollment
import FaceEnrollment
import Foundation
import Logging
import Recognition
import TerminalStore
import WeComDevice

/// The whole terminal: the WeCom session, the enrollment runner on the sensors, the store, the
/// result delivery and the directory sync, wired together. `services()` are its parts for a
/// `ServiceGroup` (the daemon: graceful shutdown cancels the running enrollment with 107 and flushes
/// the outbox); `run()` runs the same parts until its task is cancelled (tests, tools).
public actor Terminal {
    public let client: WeComClient
    public let runner: EnrollmentRunner
    public let uploader: OutboxUploader
    /// Check-in records: committed passages sent with `checkin` (the recognition loop records them).
    public let passages: PassageUploader
    /// The everyday job at the door; nil when disabled or without sensors.
    public let recognition: RecognitionLoop?
    private let face: FaceDevice?
    let directory: DirectorySync
    let reporter: any TerminalReporter
    /// The store's record of the cloud operation in progress, answered after a restart.
    private let interrupted: InterruptedOperation
    /// The cloud as the failure sender sees it: tells when a 107 has been answered.
    let failureUploads: AnsweredUploads
    let clock: any Clock<Duration>
    let budget: ShutdownBudget
    /// How long `attendctl identify` waits for a finger or a face: the enrollment's capture deadline.
    let identifyDeadline: Duration
    /// The self-enrollment switches and what a local enrollment needs (`enroll local`).
    let selfInput: SelfInput

    public init(
        config: DaemonConfig,
        store: TerminalStore,
        fingerprint: FingerprintDevice?,
        face: FaceDevice? = nil,
        transport: any WebSocketTransport,
        clock: any Clock<Duration> = ContinuousClock(),
        wallClock: @escaping @Sendable () -> Date = { Date() },
        reporter: any TerminalReporter,
        logger: Logger = Logger(label: "attendanced"),
        storageSpace: StorageSpace? = nil,
        shutdownBudget: ShutdownBudget = .standard,
        directoryPageSize: Int = ProtocolLimits.usersPerRequest
    ) throws {
        try config.checkDeclaredAlgorithms(face: face?.camera.algorithm)
        let clientConfig = try WeComClientConfiguration(
            endpoint: config.cloud.endpoint,
            sn: config.cloud.sn,
            key: try config.cloud.key.resolve(),
            firmwareVersion: config.cloud.firmwareVersion,
            fingerprintAlgorithms: fingerprint == nil ? [] : config.fingerprintAlgorithms.map { AlgorithmID($0) },
            faceAlgorithms: Self.faceAlgorithms(config: config, face: face),
            pingInterval: .seconds(config.cloud.pingIntervalSeconds),
            maxPhotoBytes: PhotoDecoder.standardLimits.maxFileBytes)
        let client = WeComClient(
            configuration: clientConfig, credentials: StoreCredentialAdapter(store: store), transport: transport,
            clock: clock, wallClock: wallClock, logger: logger)
        let galleries = SearcherFollower(
            store: store, searchers: fingerprint?.searcher.map { [.fingerprint: $0] } ?? [:], reporter: reporter)
        let directory = DirectorySync(
            store: store, client: client,
            declared: [
                .fingerprint: Set(clientConfig.fingerprintAlgorithms), .face: Set(clientConfig.faceAlgorithms),
            ],
            reporter: reporter, wallClock: wallClock, pageSize: directoryPageSize,
            templatesChanged: { await galleries.follow() })
        let uploader = OutboxUploader(
            store: store, cloud: client, clock: clock, wallClock: wallClock, reporter: reporter, logger: logger,
            uploadAccepted: { directory.submit(.ownUploadAccepted) })
        let failureUploads = AnsweredUploads(client)
        let results = EnrollmentResultDelivery(
            log: EnrollmentLog(store: store, wallClock: wallClock, logger: logger), outbox: uploader,
            failures: FailureResultSender(
                cloud: failureUploads, clock: clock, wallClock: wallClock, reporter: reporter, logger: logger))
        let adapter = SpaceCheckedEnrollmentStore(
            store: StoreEnrollmentAdapter(store: store, wallClock: wallClock),
            space: storageSpace ?? StorageSpace(storePath: config.storePath), reporter: reporter)
        let memberCheck = CloudMemberCheck(client: client, logger: logger)
        // Enrollment takes the sensors from recognition at each call.
        let arbiter = SensorArbiter()
        let settings = try EnrollmentSettings(
            presses: config.capture.presses,
            captureDeadline: .seconds(config.capture.deadlineSeconds),
            pollInterval: .milliseconds(config.capture.pollIntervalMilliseconds),
            // subscribe_corp's answer names no algorithms: the cloud accepts what the device declared.
            acceptedAlgorithms: [
                .fingerprint: Set(clientConfig.fingerprintAlgorithms), .face: Set(clientConfig.faceAlgorithms),
            ])
        let runner = try EnrollmentRunner(
            store: adapter, memberVerifier: memberCheck, sink: results,
            fingerprintReader: fingerprint.map { ArbitratedFingerprintReader(base: $0.reader, arbiter: arbiter) },
            faceCamera: face.map { ArbitratedFaceCamera(base: $0.camera, arbiter: arbiter) },
            fingerprintMatcher: fingerprint?.matcher, faceMatcher: face?.matcher,
            fingerprintSearcher: fingerprint?.searcher,
            photos: PhotoEnrollment.ports(client: client, pipeline: face?.pipeline),
            clock: clock, wallClock: wallClock, settings: settings, logger: logger)
        self.runner = runner
        self.client = client
        self.uploader = uploader
        let passages = PassageUploader(
            store: store, cloud: client, wallClock: wallClock, cloudOffset: { await client.cloudClockOffsetSeconds },
            reporter: reporter, logger: logger)
        self.passages = passages
        recognition = Self.recognitionLoop(
            config: config, fingerprint: fingerprint, face: face, arbiter: arbiter, runner: runner,
            gallery: StoreRecognitionGallery(store: store),
            sink: PassageRecordingSink(store: store, passages: passages, reporter: reporter), clock: clock)
        self.face = face
        self.directory = directory
        self.reporter = reporter
        interrupted = InterruptedOperation(
            store: store, sink: results, window: settings.resultDeadline, wallClock: wallClock, reporter: reporter)
        self.failureUploads = failureUploads
        self.clock = clock
        self.budget = shutdownBudget
        identifyDeadline = settings.captureDeadline
        selfInput = SelfInput(
            store: store, fingerprint: fingerprint, face: face, settings: settings, wallClock: wallClock,
            logger: logger)
    }

    /// Runs every part until the calling task is cancelled; no graceful steps (see `services()`).
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.runSession() }
            group.addTask { await self.uploader.run() }
            group.addTask { await self.directory.run() }
            group.addTask { await self.followEnrollments() }
            group.addTask { await self.passages.run(clock: self.clock) }
            group.addTask { await self.recognition?.run() }
            await group.waitForAll()
        }
    }

    /// The WeCom session and the uploader following its state; returns when the session ends.
    func runSession() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.client.run() }
            group.addTask { await self.followSession() }
            await group.waitForAll()
        }
    }

    /// Answers an operation a previous run left unfinished, then takes pushes and shows prompts until
    /// cancelled.
    func followEnrollments() async {
        await interrupted.answerLeftover()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.followPushes() }
            group.addTask { await self.followPrompts() }
            await group.waitForAll()
        }
    }

    private func followSession() async {
        await uploader.setOnline(false)
        for await state in client.states {
            reporter.report(.session(state))
            if state == .loggedIn { directory.submit(.loggedIn) }
            await uploader.setOnline(state == .loggedIn)
            await passages.setOnline(state == .loggedIn)
        }
    }

    private func followPushes() async {
        for await push in client.pushes {
            reporter.report(.push(push))
            await handle(push)
        }
    }

    private func followPrompts() async {
        for await prompt in runner.prompts {
            reporter.report(.prompt(prompt))
        }
    }

    func handle(_ push: DevicePush) async {
        switch push {
        case .enterPage(let command):
            let request: EnrollmentRequest
            do {
                request = try .cloud(
                    operID: command.operID, userid: command.userid, userType: command.userType,
                    modality: command.modality)
            } catch {
                reporter.report(.notice("push_enter_page ignored: \(error)"))
                return
            }
            if case .started(let token) = await runner.start(request) {
                await interrupted.started(request)
                Task { [runner, reporter, face, interrupted] in
                    if let outcome = await runner.waitForCompletion(of: token) { reporter.report(.outcome(outcome)) }
                    await interrupted.ended(request)
                    if request.modality == .face { await face?.release() }
                }
            }
        case .exitPage(let command):
            await runner.cancel(operID: command.operID)
        case .changeContact(let change):
            directory.submit(.contactChange(change))
        case .changeUserID(let change):
            directory.submit(.useridChange(change))
        case .userFace(let command):
            let request: EnrollmentRequest
            do {
                request = try PhotoEnrollment.request(command)
            } catch {
                reporter.report(.notice("push_user_face ignored: \(error)"))
                return
            }
            if case .started(let token) = await runner.start(request) {
                await interrupted.started(request)
                Task { [runner, reporter, interrupted] in
                    if let outcome = await runner.waitForCompletion(of: token) { reporter.report(.outcome(outcome)) }
                    await interrupted.ended(request)
                }
            }
        case .changeVisitors(let change):
            directory.submit(.visitorChange(change))
        case .openSelfInput(let switches):
            await selfInput.apply(switches, reporter: reporter)
        case .bindCorp, .unbindCorp, .unknown, .invalid:
            // Bind/unbind are handled by the session itself; the rest are reported only.
            break
        }
    }

    /// Declared face algorithms: the config's list, else the camera's own; none without a camera.
    private static func faceAlgorithms(config: DaemonConfig, face: FaceDevice?) -> [AlgorithmID] {
        guard let face else { return [] }
        let configured = config.faceAlgorithms.map { AlgorithmID($0) }
        return configured.isEmpty ? [face.camera.algorithm] : configured
    }
}
