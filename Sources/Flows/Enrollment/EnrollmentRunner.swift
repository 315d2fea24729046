import Biometrics
import Logging
import Measuring

import struct Foundation.Date

/// Runs an `EnrollmentMachine` against real (or fake) devices, storage and a clock. Every device
/// and store call runs in a child task whose answer is fed back as an event, so a start, a cancel
/// or a deadline is handled at once even while a capture is in flight.
public actor EnrollmentRunner {
    /// Prompts for the terminal's screen, in order. Single consumer.
    public nonisolated let prompts: AsyncStream<EnrollmentPromptEvent>
    private let promptContinuation: AsyncStream<EnrollmentPromptEvent>.Continuation

    private var machine: EnrollmentMachine
    let store: any EnrollmentStore
    private let members: MemberLookup
    private let sink: any EnrollmentResultSink
    let reader: (any FingerprintReader)?
    let camera: (any FaceCamera)?
    /// Photo download and analysis for `push_user_face`; nil when photo requests are refused (110).
    let photoPorts: PhotoEnrollmentPorts?
    /// 1:N duplicate search per modality; the pairwise loop over the matcher when a device has none.
    let searchers: [Modality: any TemplateSearcher]
    let clock: OffsetClock
    private let wallClock: @Sendable () -> Date
    private let logger: Logger

    private var work: [Int: (token: EnrollmentToken, task: Task<Void, Never>)] = [:]
    private var nextWorkID = 0
    /// Accepted operations whose `.finished` effect has not run yet, oldest first.
    private var inFlight: [EnrollmentToken] = []
    private var waiters: [EnrollmentToken: [CheckedContinuation<EnrollmentOutcome?, Never>]] = [:]
    /// How the most recent operation ended.
    public private(set) var lastOutcome: EnrollmentOutcome?
    /// How the last few operations ended, for a waiter that comes after the end.
    private var recentOutcomes: [EnrollmentToken: EnrollmentOutcome] = [:]
    private static let recentOutcomeCount = 8

    /// Wires the runner; a device without a matcher of its algorithm is a configuration error.
    /// `memberVerifier` is asked about a userid the store does not know (none: unknown is unknown).
    /// `photos` serves photo requests; their templates are checked for duplicates with `faceMatcher`.
    public init(
        store: any EnrollmentStore,
        memberVerifier: (any MemberVerifier)? = nil,
        sink: any EnrollmentResultSink,
        fingerprintReader: (any FingerprintReader)?,
        faceCamera: (any FaceCamera)?,
        fingerprintMatcher: (any Matcher)?,
        faceMatcher: (any Matcher)?,
        fingerprintSearcher: (any TemplateSearcher)? = nil,
        photos: PhotoEnrollmentPorts? = nil,
        clock: any Clock<Duration>,
        wallClock: @escaping @Sendable () -> Date = { Date() },
        settings: EnrollmentSettings = .standard,
        logger: Logger = Logger(label: "enrollment")
    ) throws(EnrollmentConfigurationError) {
        var devices: [Modality: AlgorithmID] = [:]
        var matchers: [Modality: any Matcher] = [:]
        let installed: [(Modality, AlgorithmID?, (any Matcher)?)] = [
            (.fingerprint, fingerprintReader?.algorithm, fingerprintMatcher),
            (.face, faceCamera?.algorithm, faceMatcher),
        ]
        for (modality, algorithm, matcher) in installed {
            guard let algorithm else { continue }
            guard let matcher else { throw .missingMatcher(modality) }
            guard matcher.algorithm == algorithm else {
                throw .matcherAlgorithmMismatch(modality, device: algorithm, matcher: matcher.algorithm)
            }
            devices[modality] = algorithm
            matchers[modality] = matcher
        }
        if let fingerprintSearcher, let algorithm = devices[.fingerprint], fingerprintSearcher.algorithm != algorithm {
            throw .matcherAlgorithmMismatch(.fingerprint, device: algorithm, matcher: fingerprintSearcher.algorithm)
        }
        if let photos {
            guard let faceMatcher else { throw .missingMatcher(.face) }
            guard faceMatcher.algorithm == photos.analyzer.algorithm else {
                throw .matcherAlgorithmMismatch(
                    .face, device: photos.analyzer.algorithm, matcher: faceMatcher.algorithm)
            }
            matchers[.face] = faceMatcher
        }
        (prompts, promptContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(256))
        machine = EnrollmentMachine(settings: settings, devices: devices, photoAlgorithm: photos?.analyzer.algorithm)
        self.store = store
        members = MemberLookup(store: store, verifier: memberVerifier)
        self.sink = sink
        self.reader = fingerprintReader
        self.camera = faceCamera
        self.photoPorts = photos
        var searchers: [Modality: any TemplateSearcher] = matchers.mapValues { PairwiseSearcher(matcher: $0) }
        if let fingerprintSearcher, devices[.fingerprint] != nil { searchers[.fingerprint] = fingerprintSearcher }
        self.searchers = searchers
        self.clock = OffsetClock(clock)
        self.wallClock = wallClock
        self.logger = logger
    }

    deinit {
        promptContinuation.finish()
        for (_, entry) in work { entry.task.cancel() }
    }

    /// Handles a request now: a busy device answers 101 at once and the running operation goes on.
    @discardableResult
    public func start(_ request: EnrollmentRequest) async -> EnrollmentStartResult {
        logger.info("enrollment request", metadata: metadata(request))
        let now = clock.now()
        let effects = machine.handle(.tick(now)) + machine.handle(.start(request, at: now, wallClock: wallClock()))
        let result = startResult(of: request, in: effects)
        if case .started(let token) = result { inFlight.append(token) }
        await execute(effects)
        return result
    }

    /// `push_exit_page`: cancels only when `operID` is the running operation's; nothing is sent.
    public func cancel(operID: String) async {
        await feed(.cancel(.cloud(operID: operID)))
    }

    /// The operator (or SIGTERM) cancels on the terminal: the running operation fails with 107 in every
    /// stage but a started commit, which is left to finish (await `waitForCompletion()` for it).
    /// Returns once the effects have run, so a cloud operation's 107 has been handed to the sink by
    /// then; the outcome is that of the operation that ended during the call, nil when none did
    /// (nothing running, or a commit in progress).
    @discardableResult
    public func cancelOnTerminal() async -> EnrollmentOutcome? {
        let effects = machine.handle(.tick(clock.now())) + machine.handle(.cancel(.terminal))
        await execute(effects)
        return effects.lazy.compactMap { if case .finished(_, let outcome) = $0 { outcome } else { nil } }.first
    }

    /// Replaces the algorithms the cloud accepts per modality (a missing modality accepts any); later
    /// requests whose device (or photo analyzer) builds another algorithm are refused with 109.
    public func accept(_ algorithms: [Modality: Set<AlgorithmID>]) {
        machine.accept(algorithms)
    }

    /// The algorithms the cloud accepts per modality, as the runner checks them now.
    public var acceptedAlgorithms: [Modality: Set<AlgorithmID>] { machine.settings.acceptedAlgorithms }

    /// Waits until the newest accepted operation has ended (results delivered) and returns how;
    /// when none is running, returns the last outcome at once.
    public func waitForCompletion() async -> EnrollmentOutcome? {
        guard let token = inFlight.last else { return lastOutcome }
        return await withCheckedContinuation { waiters[token, default: []].append($0) }
    }

    /// Waits until operation `token` (as `start` returned it) has ended, its results handed to the sink,
    /// and returns how; at once when it has ended already, nil when it is not known (any more).
    public func waitForCompletion(of token: EnrollmentToken) async -> EnrollmentOutcome? {
        if let outcome = recentOutcomes[token] { return outcome }
        guard machine.runningToken == token || inFlight.contains(token) else { return nil }
        return await withCheckedContinuation { waiters[token, default: []].append($0) }
    }

    /// For a shutdown (SIGTERM): ends every enrollment as `cancelOnTerminal()` does (107 for a cloud
    /// operation), waiting for a started commit to finish with its success delivered, and ending the
    /// photos left after it too. Returns when no operation runs, with the outcomes of those that ended;
    /// every result has been handed to the sink by then. A commit that never returns keeps this waiting,
    /// so bound the call; stop taking pushes first (one accepted meanwhile is ended as well).
    @discardableResult
    public func cancelForShutdown() async -> [EnrollmentOutcome] {
        var outcomes: [EnrollmentOutcome] = []
        while let token = machine.runningToken {
            if let outcome = await cancelOnTerminal() {
                outcomes.append(outcome)
            } else if let outcome = await waitForCompletion(of: token) {
                outcomes.append(outcome)
            }
        }
        return outcomes
    }

    /// The running operation's request, if any.
    public var runningRequest: EnrollmentRequest? { machine.runningRequest }

    // MARK: events and effects

    private func feed(_ event: EnrollmentEvent) async {
        var effects = machine.handle(.tick(clock.now()))
        if case .tick = event {} else { effects += machine.handle(event) }
        await execute(effects)
    }

    /// A capture's image transfer report, fed to the machine (which shows it as a prompt).
    func imageProgressed(_ token: EnrollmentToken, _ transfer: FingerImageTransfer) async {
        await feed(.fingerImageProgress(token, transfer))
    }

    private func startResult(of request: EnrollmentRequest, in effects: [EnrollmentEffect]) -> EnrollmentStartResult {
        for effect in effects {
            switch effect {
            case .rejected(let rejected, let failure) where rejected == request: return .rejected(failure)
            case .lookUp(let token, _, _): return .started(token)
            default: continue
            }
        }
        return .ignored
    }

    private func execute(_ effects: [EnrollmentEffect]) async {
        for effect in effects {
            switch effect {
            case .lookUp(let token, let id, let modality):
                spawn(token) { [store, members] in
                    do {
                        let member = try await members.member(id)
                        let occupied = member == nil ? [] : try await store.occupiedSlots(of: id, modality: modality)
                        return .lookedUp(token, member: member, occupied: occupied)
                    } catch let error as MemberLookupError {
                        return .deviceFailed(token, error.description)
                    } catch {
                        return .storeFailed(token, "\(error)")
                    }
                }
            case .wakeUp(let token, let at):
                spawn(token) { [clock] in
                    do { try await clock.sleepUntil(at) } catch { return nil }
                    return .tick(at)
                }
            case .pollFinger(let token, let after):
                pollFinger(token, at: clock.now() + after)
            case .captureFinger(let token):
                captureFinger(token)
            case .buildFingerTemplate(let token, let samples):
                buildFingerTemplate(token, samples)
            case .captureFace(let token, let after):
                captureFace(token, at: clock.now() + after)
            case .fetchPhoto(let token, let mediaID):
                fetchPhoto(token, mediaID: mediaID)
            case .analysePhoto(let token, let photo):
                analysePhoto(token, photo)
            case .checkDuplicates(let token, let template, let excluding):
                checkDuplicates(token, template, excluding: excluding)
            case .commit(let token, let enrollment):
                spawn(token) { [store] in
                    do {
                        try await store.commitEnrollment(enrollment)
                        return .committed(token)
                    } catch {
                        return .storeFailed(token, "\(error)")
                    }
                }
            case .stopWork(let token):
                for (id, entry) in work where entry.token == token {
                    entry.task.cancel()
                    work[id] = nil
                }
            case .prompt(let event):
                promptContinuation.yield(event)
            case .deliverSuccess(let enrollment):
                await sink.deliverSuccess(enrollment)
            case .deliverFailure(let failure):
                await sink.deliverFailure(failure)
            case .rejected(let request, let failure):
                logger.warning("enrollment refused: \(failure)", metadata: metadata(request))
            case .finished(let token, let outcome):
                finish(token, outcome)
            case .notice(let text):
                logger.info("\(text)")
            }
        }
    }

    private func finish(_ token: EnrollmentToken, _ outcome: EnrollmentOutcome) {
        logger.notice(
            "enrollment ended: \(outcome.result) after \(outcome.elapsed)", metadata: metadata(outcome.request))
        lastOutcome = outcome
        recentOutcomes[token] = outcome
        if recentOutcomes.count > Self.recentOutcomeCount,
            let oldest = recentOutcomes.keys.min(by: { $0.serial < $1.serial })
        {
            recentOutcomes[oldest] = nil
        }
        inFlight.removeAll { $0 == token }
        for waiter in waiters.removeValue(forKey: token) ?? [] { waiter.resume(returning: outcome) }
        // Waiters of an older operation would otherwise hang; they get the newer outcome.
        if inFlight.isEmpty {
            for (_, list) in waiters { list.forEach { $0.resume(returning: outcome) } }
            waiters = [:]
        }
    }

    private func metadata(_ request: EnrollmentRequest) -> Logger.Metadata {
        [
            "oper_id": "\(request.operID ?? "-")", "userid": "\(request.userid)",
            "modality": "\(request.modality.rawValue)",
        ]
    }

    /// Runs `body` as a child task of the operation; its answer (nil when stopped) is fed back.
    func spawn(_ token: EnrollmentToken, _ body: @escaping @Sendable () async -> EnrollmentEvent?) {
        let id = nextWorkID
        nextWorkID += 1
        work[id] = (token, Task { await self.workDone(id, await body()) })
    }

    private func workDone(_ id: Int, _ event: EnrollmentEvent?) async {
        work[id] = nil
        guard let event, !Task.isCancelled else { return }
        await feed(event)
    }
}
