import Biometrics

import struct Foundation.Date

/// The enrollment flow as a pure state machine: events in, effects out; no I/O, no clock reads.
/// It runs at most one operation; time enters only through `.start(at:)` and `.tick`.
public struct EnrollmentMachine: Sendable {
    /// The tunables; only the accepted algorithms change after creation (`accept(_:)`).
    public private(set) var settings: EnrollmentSettings
    /// Template algorithm of the installed device per modality; a missing modality has no device.
    public let devices: [Modality: AlgorithmID]
    /// Face template algorithm of photo enrollment; nil when photo requests cannot be served.
    public let photoAlgorithm: AlgorithmID?

    private(set) var now: Duration = .zero
    private var nextSerial: UInt64 = 1
    var running: EnrollmentOperation?

    public init(
        settings: EnrollmentSettings = .standard, devices: [Modality: AlgorithmID], photoAlgorithm: AlgorithmID? = nil
    ) {
        self.settings = settings
        self.devices = devices
        self.photoAlgorithm = photoAlgorithm
    }

    /// Replaces the algorithms the cloud accepts; later starts are checked against them (109).
    public mutating func accept(_ algorithms: [Modality: Set<AlgorithmID>]) {
        settings = settings.accepting(algorithms)
    }

    /// True when no operation runs.
    public var isIdle: Bool { running == nil }
    /// The running operation's request.
    public var runningRequest: EnrollmentRequest? { running?.request }
    /// The running operation's token.
    public var runningToken: EnrollmentToken? { running?.token }

    /// Feed one event; returns the effects to execute, in order.
    public mutating func handle(_ event: EnrollmentEvent) -> [EnrollmentEffect] {
        switch event {
        case .start(let request, let at, let wallClock):
            advance(to: at)
            return checkDeadlines() + start(request, wallClock: wallClock)
        case .tick(let at):
            advance(to: at)
            return checkDeadlines()
        case .cancel(let who):
            return cancel(who)
        default:
            guard let op = running, event.token == op.token else { return [] }
            return handleWork(event, of: op)
        }
    }

    private mutating func advance(to instant: Duration) {
        if instant > now { now = instant }
    }

    // MARK: start, cancel, deadlines

    private mutating func start(_ request: EnrollmentRequest, wallClock: Date) -> [EnrollmentEffect] {
        if let op = running {
            if let id = request.operID, id == op.request.operID || id == op.request.answeredOperID {
                return [.notice("repeated push for running oper_id \(id) ignored")]
            }
            return reject(request, .busy, wallClock: wallClock)
        }
        let algorithm: AlgorithmID
        switch request.source {
        case .sensor:
            guard let installed = devices[request.modality] else {
                return reject(
                    request, .deviceFault("no \(request.modality.rawValue) device installed"), wallClock: wallClock)
            }
            algorithm = installed
        case .photos:
            guard request.modality == .face, let installed = photoAlgorithm else {
                return reject(request, .deviceFault("no face recognition installed for photos"), wallClock: wallClock)
            }
            algorithm = installed
        }
        guard settings.accepts(algorithm, for: request.modality) else {
            return reject(request, .unsupportedAlgorithm, wallClock: wallClock)
        }
        let token = begin(request, receivedAt: now, wallClock: wallClock)
        return deadlineWakeUps(token, receivedAt: now) + [.lookUp(token, request.userid, request.modality)]
    }

    /// Makes `request` the running operation, received at `receivedAt`; returns its token.
    mutating func begin(_ request: EnrollmentRequest, receivedAt: Duration, wallClock: Date) -> EnrollmentToken {
        let token = EnrollmentToken(serial: nextSerial)
        nextSerial += 1
        running = EnrollmentOperation(
            token: token, request: request, receivedAt: receivedAt, wallClock: wallClock,
            userType: request.userType, restartsLeft: settings.restartsOnMismatch)
        if case .photos(let photos) = request.source { running?.photosLeft = photos }
        return token
    }

    /// Ticks at the capture and result deadlines of an operation received at `receivedAt`.
    func deadlineWakeUps(_ token: EnrollmentToken, receivedAt: Duration) -> [EnrollmentEffect] {
        [
            .wakeUp(token, at: receivedAt + settings.captureDeadline),
            .wakeUp(token, at: receivedAt + settings.resultDeadline),
        ]
    }

    private func reject(_ request: EnrollmentRequest, _ failure: EnrollmentFailure, wallClock: Date)
        -> [EnrollmentEffect]
    {
        var effects: [EnrollmentEffect] = [.rejected(request, failure)]
        if let id = request.operID {
            effects.append(
                .deliverFailure(
                    FailedEnrollment(
                        operID: id, userid: request.userid, userType: request.userType, modality: request.modality,
                        failure: failure, receivedAt: wallClock,
                        resultDeadline: ResultDeadline(
                            receivedAt: wallClock, window: settings.resultDeadline, elapsed: .zero))))
        }
        return effects
    }

    private mutating func cancel(_ who: EnrollmentCancel) -> [EnrollmentEffect] {
        guard let op = running else { return [.notice("cancel \(who) ignored: no enrollment is running")] }
        if case .committing = op.stage {
            return [.notice("cancel \(who) ignored: the template is already being committed")]
        }
        switch who {
        case .cloud(let id):
            guard op.request.operID == id else {
                return [.notice("push_exit_page for oper_id \(id) ignored: it is not the running operation")]
            }
            running = nil
            return [
                .stopWork(op.token), prompt(op, .cancelled),
                .finished(
                    op.token, EnrollmentOutcome(request: op.request, result: .cancelled, elapsed: now - op.receivedAt)),
            ]
        case .terminal:
            return fail(.cancelled)
        }
    }

    private mutating func checkDeadlines() -> [EnrollmentEffect] {
        guard let op = running else { return [] }
        let elapsed = now - op.receivedAt
        if op.stage.isCapture && elapsed >= settings.captureDeadline {
            return fail(op.captureTimeoutFailure)
        }
        if op.stage.isProcessing && elapsed >= settings.resultDeadline {
            return fail(.timeout)
        }
        return []
    }

    /// Ends the running operation with `failure`; reports it to the cloud while the deadline allows.
    mutating func fail(_ failure: EnrollmentFailure) -> [EnrollmentEffect] {
        guard let op = running else { return [] }
        running = nil
        let elapsed = now - op.receivedAt
        var effects: [EnrollmentEffect] = [.stopWork(op.token), prompt(op, .failed(failure))]
        var reported = false
        if let id = op.request.operID {
            if elapsed <= settings.resultDeadline {
                effects.append(
                    .deliverFailure(
                        FailedEnrollment(
                            operID: id, userid: op.request.userid, userType: op.userType, modality: op.request.modality,
                            failure: failure, receivedAt: op.wallClock, resultDeadline: resultDeadline(op))))
                reported = true
            } else {
                effects.append(.notice("failure \(failure.errcode) of oper_id \(id) dropped: past the result deadline"))
            }
        }
        effects.append(
            .finished(
                op.token,
                EnrollmentOutcome(
                    request: op.request, result: .failed(failure, reported: reported), elapsed: elapsed)))
        return effects
    }

    func prompt(_ op: EnrollmentOperation, _ prompt: EnrollmentPrompt) -> EnrollmentEffect {
        .prompt(
            EnrollmentPromptEvent(
                operID: op.request.operID, userid: op.request.userid, modality: op.request.modality,
                prompt: prompt, elapsed: now - op.receivedAt))
    }

    // MARK: work answers

    private mutating func handleWork(_ event: EnrollmentEvent, of op: EnrollmentOperation) -> [EnrollmentEffect] {
        if op.isPhotoOperation, let effects = handlePhotoWork(event, of: op) { return effects }
        switch (event, op.stage) {
        case (.lookedUp(_, let member, let occupied), .lookingUp):
            return lookedUp(member, occupied: occupied, op)
        case (.fingerPresence(_, let present), .awaitingFinger):
            running?.observed = true
            guard present else { return [.pollFinger(op.token, after: settings.pollInterval)] }
            running?.detected = true
            running?.stage = .capturingFinger
            running?.shownImageStep = nil
            return [.captureFinger(op.token)]
        case (.fingerImageProgress(_, let transfer), .capturingFinger):
            return imageProgress(transfer, op)
        case (.fingerImageProgress, _):
            // A late report of a capture that has ended.
            return []
        case (.fingerPresence(_, let present), .awaitingLift):
            guard !present else { return [.pollFinger(op.token, after: settings.pollInterval)] }
            running?.stage = .awaitingFinger
            let next: EnrollmentPrompt =
                op.samples.isEmpty
                ? .placeFinger(press: 1, of: settings.presses)
                : .pressAgain(press: op.samples.count + 1, of: settings.presses)
            return [prompt(op, next), .pollFinger(op.token, after: settings.pollInterval)]
        case (.fingerCaptured(_, let capture), .capturingFinger):
            return fingerCaptured(capture, op)
        case (.fingerTemplateBuilt(_, let template), .buildingTemplate):
            guard template.modality == .fingerprint else {
                return fail(.deviceFault("the reader built a \(template.modality.rawValue) template"))
            }
            return checkDuplicates(template, op)
        case (.fingerSamplesDoNotMatch, .buildingTemplate):
            guard op.restartsLeft > 0 else { return fail(.poorQuality) }
            running?.restartsLeft -= 1
            running?.samples = []
            running?.stage = .awaitingLift
            return [prompt(op, .pressesDidNotMatch), .pollFinger(op.token, after: settings.pollInterval)]
        case (.faceCaptured(_, let capture), .capturingFace):
            return faceCaptured(capture, op)
        case (.duplicateChecked(_, let match), .checkingDuplicates(let template)):
            if let other = match {
                return [.notice("\(op.request.userid)'s new template matches \(other)")]
                    + fail(.duplicate(op.request.modality))
            }
            return commit(template, op)
        case (.committed, .committing(let enrollment)):
            return committed(enrollment, op) + continuePhotos(after: op)
        case (.deviceFailed(_, let why), _):
            return fail(.deviceFault(why))
        case (.storeFailed(_, let why), _):
            return fail(.deviceFault("storage: \(why)"))
        default:
            return [.notice("\(op.token): answer \(event) does not fit stage \(op.stage); ignored")]
        }
    }

    private mutating func lookedUp(_ member: Member?, occupied: Set<Int>, _ op: EnrollmentOperation)
        -> [EnrollmentEffect]
    {
        guard let member else { return fail(.unknownMember) }
        if op.isPhotoOperation { return nextPhoto() }
        let modality = op.request.modality
        let slot: SlotID
        switch op.request.origin {
        case .local(let named?):
            slot = named
        case .local(nil), .cloud, .remainingPhotos:
            guard let free = SlotID.lowestFree(modality, occupied: occupied) else { return fail(.slotsFull(modality)) }
            slot = free
        }
        running?.slot = slot
        if case .local = op.request.origin { running?.userType = member.userType }
        switch modality {
        case .fingerprint:
            running?.stage = .awaitingFinger
            return [prompt(op, .placeFinger(press: 1, of: settings.presses)), .pollFinger(op.token, after: .zero)]
        case .face:
            running?.stage = .capturingFace
            return [prompt(op, .lookAtCamera), .captureFace(op.token, after: .zero)]
        }
    }

    private mutating func fingerCaptured(_ capture: FingerCapture, _ op: EnrollmentOperation) -> [EnrollmentEffect] {
        switch capture {
        case .sample(let sample):
            running?.samples.append(sample)
            running?.acceptedSamples += 1
            if op.samples.count + 1 == settings.presses {
                running?.stage = .buildingTemplate
                return [prompt(op, .processing), .buildFingerTemplate(op.token, op.samples + [sample])]
            }
            running?.stage = .awaitingLift
            return [prompt(op, .liftFinger), .pollFinger(op.token, after: settings.pollInterval)]
        case .retry(let hint):
            if hint != .noFinger { running?.qualityRejections += 1 }
            running?.stage = .awaitingFinger
            return [prompt(op, .retry(hint)), .pollFinger(op.token, after: settings.pollInterval)]
        }
    }

    /// Image transfers are shown in steps of this many percent (0, 20, … 100), so a 7 s upload over a
    /// UART updates the screen about every 1.4 s; a reader that does not know the size shows one prompt.
    static let imageProgressStep = 20

    /// Says that the press's image is coming over, once per step; later reports of the same step or
    /// an earlier one (they may arrive out of order) are not shown again.
    private mutating func imageProgress(_ transfer: FingerImageTransfer, _ op: EnrollmentOperation)
        -> [EnrollmentEffect]
    {
        let step = transfer.percent.map { $0 / Self.imageProgressStep * Self.imageProgressStep } ?? -1
        if let shown = op.shownImageStep, step <= shown { return [] }
        running?.shownImageStep = step
        let press = op.samples.count + 1
        return [prompt(op, .readingImage(press: press, of: settings.presses, percent: step < 0 ? nil : step))]
    }

    private mutating func faceCaptured(_ capture: FaceCapture, _ op: EnrollmentOperation) -> [EnrollmentEffect] {
        running?.observed = true
        switch capture {
        case .template(let template):
            guard template.modality == .face else {
                return fail(.deviceFault("the camera built a \(template.modality.rawValue) template"))
            }
            running?.detected = true
            return [prompt(op, .processing)] + checkDuplicates(template, op)
        case .retry(let hint):
            if hint != .noFace {
                running?.detected = true
                running?.qualityRejections += 1
            }
            running?.lastFaceHint = hint
            let shown: [EnrollmentEffect] = hint == op.lastFaceHint ? [] : [prompt(op, .faceHint(hint))]
            return shown + [.captureFace(op.token, after: settings.pollInterval)]
        }
    }

    mutating func checkDuplicates(_ template: Template, _ op: EnrollmentOperation) -> [EnrollmentEffect] {
        running?.stage = .checkingDuplicates(template)
        return [.checkDuplicates(op.token, template, excluding: op.request.userid)]
    }

    private mutating func commit(_ template: Template, _ op: EnrollmentOperation) -> [EnrollmentEffect] {
        guard let slot = op.slot else { return fail(.deviceFault("no slot chosen before commit")) }
        let enrollment = CommittedEnrollment(
            operID: op.request.operID, userid: op.request.userid, userType: op.userType, slot: slot,
            template: template, receivedAt: op.wallClock,
            withinResultDeadline: now - op.receivedAt <= settings.resultDeadline,
            resultDeadline: op.request.operID == nil ? nil : resultDeadline(op))
        running?.stage = .committing(enrollment)
        return [.commit(op.token, enrollment)]
    }

    /// The result deadline decided now for `op`, to travel with its result.
    private func resultDeadline(_ op: EnrollmentOperation) -> ResultDeadline {
        ResultDeadline(receivedAt: op.wallClock, window: settings.resultDeadline, elapsed: now - op.receivedAt)
    }

    private mutating func committed(_ enrollment: CommittedEnrollment, _ op: EnrollmentOperation) -> [EnrollmentEffect]
    {
        running = nil
        let elapsed = now - op.receivedAt
        let delivered = enrollment.with(withinResultDeadline: elapsed <= settings.resultDeadline)
        var effects: [EnrollmentEffect] = [.stopWork(op.token), prompt(op, .enrolled(enrollment.slot))]
        if let id = enrollment.operID, delivered.reportableOperID == nil {
            effects.append(.notice("oper_id \(id) committed after the result deadline; uploaded without oper_id"))
        }
        effects.append(.deliverSuccess(delivered))
        effects.append(
            .finished(
                op.token,
                EnrollmentOutcome(
                    request: op.request,
                    result: .enrolled(enrollment.slot, reportedWithOperID: delivered.reportableOperID != nil),
                    elapsed: elapsed)))
        return effects
    }
}
