import Biometrics
import Enrollment
import Foundation
import Logging
import TerminalStore
import WeComDevice

/// The whole terminal: the WeCom session, the enrollment runner on the sensors, the store and the
/// outbox uploader, wired together. `run()` lasts until its task is cancelled.
public actor Terminal {
    public let client: WeComClient
    public let runner: EnrollmentRunner
    public let uploader: OutboxUploader
    private let store: TerminalStore
    private let face: FaceDevice?
    private let photoEnrollment: PhotoEnrollment
    private let reporter: any TerminalReporter
    private let logger: Logger

    public init(
        config: DaemonConfig,
        store: TerminalStore,
        fingerprint: FingerprintDevice?,
        face: FaceDevice? = nil,
        transport: any WebSocketTransport,
        clock: any Clock<Duration> = ContinuousClock(),
        wallClock: @escaping @Sendable () -> Date = { Date() },
        reporter: any TerminalReporter,
        logger: Logger = Logger(label: "attendanced")
    ) throws {
        let clientConfig = try WeComClientConfiguration(
            endpoint: config.cloud.endpoint,
            sn: config.cloud.sn,
            key: config.cloud.key,
            firmwareVersion: config.cloud.firmwareVersion,
            fingerprintAlgorithms: fingerprint == nil ? [] : config.fingerprintAlgorithms.map { AlgorithmID($0) },
            faceAlgorithms: Self.faceAlgorithms(config: config, face: face),
            pingInterval: .seconds(config.cloud.pingIntervalSeconds))
        let client = WeComClient(
            configuration: clientConfig, credentials: StoreCredentialAdapter(store: store), transport: transport,
            clock: clock, wallClock: wallClock, logger: logger)
        let uploader = OutboxUploader(
            store: store, cloud: client, clock: clock, wallClock: wallClock, reporter: reporter, logger: logger)
        let adapter = StoreEnrollmentAdapter(
            store: store,
            checkUnknownMember: { userid in await Self.checkUserID(userid, client: client, logger: logger) },
            wallClock: wallClock)
        let settings = try EnrollmentSettings(
            presses: config.capture.presses,
            captureDeadline: .seconds(config.capture.deadlineSeconds),
            pollInterval: .milliseconds(config.capture.pollIntervalMilliseconds))
        runner = try EnrollmentRunner(
            store: adapter, sink: uploader,
            fingerprintReader: fingerprint?.reader, faceCamera: face?.camera,
            fingerprintMatcher: fingerprint?.matcher, faceMatcher: face?.matcher,
            fingerprintSearcher: fingerprint?.searcher,
            clock: clock, wallClock: wallClock, settings: settings, logger: logger)
        self.client = client
        self.uploader = uploader
        self.store = store
        self.face = face
        photoEnrollment = PhotoEnrollment(
            store: adapter, sink: uploader, pipeline: face?.pipeline,
            download: { mediaID in try await client.downloadPhoto(mediaID: mediaID) },
            resultDeadline: settings.resultDeadline, wallClock: wallClock)
        self.reporter = reporter
        self.logger = logger
    }

    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.client.run() }
            group.addTask { await self.uploader.run() }
            group.addTask { await self.followSession() }
            group.addTask { await self.followPushes() }
            group.addTask { await self.followPrompts() }
            await group.waitForAll()
        }
    }

    private func followSession() async {
        await uploader.setOnline(false)
        for await state in client.states {
            reporter.report(.session(state))
            await uploader.setOnline(state == .loggedIn)
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
            let started = await runner.start(request)
            if case .started = started {
                Task { [runner, reporter, face] in
                    if let outcome = await runner.waitForCompletion() { reporter.report(.outcome(outcome)) }
                    if request.modality == .face { await face?.release() }
                }
            }
        case .exitPage(let command):
            await runner.cancel(operID: command.operID)
        case .changeContact(let change):
            await apply(change)
        case .userFace(let command):
            Task { [photoEnrollment, reporter] in
                do {
                    reporter.report(.outcome(try await photoEnrollment.run(command)))
                } catch {
                    reporter.report(.notice("push_user_face ignored: \(error)"))
                }
            }
        case .bindCorp, .unbindCorp, .openSelfInput, .unknown, .invalid:
            // Bind/unbind are handled by the session itself; the rest are reported only.
            break
        }
    }

    /// Deleted members go at once (with their templates); created and updated ones are fetched.
    private func apply(_ change: ContactChange) async {
        do {
            try await store.perform { store in
                for user in change.deleted { try store.deleteMember(user.userid) }
            }
            let wanted = change.created + change.updated
            for chunk in stride(from: 0, to: wanted.count, by: maxUsersPerRequest) {
                let users = Array(wanted[chunk..<min(chunk + maxUsersPerRequest, wanted.count)])
                let fetched = try await client.send(
                    GetUserInfoByIDs(users: users, includeFingerprints: false, includeFaces: false))
                try await store.perform { store in
                    for user in fetched.users {
                        try store.upsertMember(
                            Member(userid: user.userid, userType: user.userType, name: user.name ?? ""))
                    }
                }
            }
            try await store.perform { try $0.savePermVersion(change.permVersion) }
        } catch {
            reporter.report(.notice("push_change_contact v\(change.permVersion) not fully applied: \(error)"))
        }
    }

    /// Declared face algorithms: the config's list, else the camera's own; none without a camera.
    private static func faceAlgorithms(config: DaemonConfig, face: FaceDevice?) -> [AlgorithmID] {
        guard let face else { return [] }
        let configured = config.faceAlgorithms.map { AlgorithmID($0) }
        return configured.isEmpty ? [face.camera.algorithm] : configured
    }

    private static func checkUserID(_ userid: UserID, client: WeComClient, logger: Logger) async -> Member? {
        do {
            let result = try await client.send(CheckUserID(users: [UserRef(userid: userid)]))
            guard result.legal.contains(userid.rawValue) else { return nil }
            return Member(userid: userid)
        } catch {
            logger.warning("check_userid \(userid) failed: \(error)")
            return nil
        }
    }
}
