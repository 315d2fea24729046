import Biometrics
import Enrollment
import Foundation
import Testing

/// Drives an `EnrollmentMachine` by hand and reads its effects.
struct MachineHarness {
    var machine: EnrollmentMachine
    private(set) var all: [EnrollmentEffect] = []
    static let receivedWallClock = Date(timeIntervalSince1970: 1_800_000_000)
    static let fpAlgorithm = AlgorithmID("test-fp")
    static let faAlgorithm = AlgorithmID("test-fa")

    init(
        settings: EnrollmentSettings = .standard, devices: [Modality: AlgorithmID]? = nil,
        photoAlgorithm: AlgorithmID? = MachineHarness.faAlgorithm
    ) {
        machine = EnrollmentMachine(
            settings: settings, devices: devices ?? [.fingerprint: Self.fpAlgorithm, .face: Self.faAlgorithm],
            photoAlgorithm: photoAlgorithm)
    }

    @discardableResult
    mutating func send(_ event: EnrollmentEvent) -> [EnrollmentEffect] {
        let effects = machine.handle(event)
        all += effects
        return effects
    }

    @discardableResult
    mutating func start(_ request: EnrollmentRequest, at: Duration = .zero) -> [EnrollmentEffect] {
        send(.start(request, at: at, wallClock: Self.receivedWallClock))
    }

    func token() throws -> EnrollmentToken { try #require(machine.runningToken) }

    /// Starts `request` and answers the look-up with a known member and `occupied` slots.
    @discardableResult
    mutating func startKnown(
        _ request: EnrollmentRequest, occupied: Set<Int> = [], at: Duration = .zero
    ) throws -> EnrollmentToken {
        start(request, at: at)
        let token = try token()
        send(.lookedUp(token, member: Member(userid: request.userid, userType: .student), occupied: occupied))
        return token
    }

    /// One full press: finger arrives, sample captured, finger lifted (unless it is the last press).
    mutating func press(_ token: EnrollmentToken, quality: Int = 80, lift: Bool = true) {
        send(.fingerPresence(token, true))
        send(.fingerCaptured(token, .sample(FingerSample(features: [UInt8(quality)], quality: quality))))
        if lift { send(.fingerPresence(token, false)) }
    }

    /// Runs a fingerprint operation up to (not including) the template build's answer.
    mutating func pressAll(_ token: EnrollmentToken, presses: Int = 3) {
        for k in 1...presses { press(token, lift: k < presses) }
    }
}

func user(_ name: String) throws -> UserID { try UserID(name) }

func cloudRequest(_ operID: String = "op-1", _ name: String = "alice", _ modality: Modality = .fingerprint) throws
    -> EnrollmentRequest
{
    try EnrollmentRequest.cloud(operID: operID, userid: user(name), userType: .employee, modality: modality)
}

func template(_ modality: Modality = .fingerprint, _ bytes: [UInt8] = [1, 2, 3]) -> Template {
    Template(
        modality: modality,
        algorithm: modality == .fingerprint ? MachineHarness.fpAlgorithm : MachineHarness.faAlgorithm,
        data: Data(bytes))
}

extension Array where Element == EnrollmentEffect {
    var prompts: [EnrollmentPrompt] {
        compactMap { if case .prompt(let p) = $0 { p.prompt } else { nil } }
    }
    var deliveredFailures: [FailedEnrollment] {
        compactMap { if case .deliverFailure(let f) = $0 { f } else { nil } }
    }
    var deliveredSuccesses: [CommittedEnrollment] {
        compactMap { if case .deliverSuccess(let s) = $0 { s } else { nil } }
    }
    var commits: [CommittedEnrollment] {
        compactMap { if case .commit(_, let c) = $0 { c } else { nil } }
    }
    var outcome: EnrollmentOutcome? {
        compactMap { if case .finished(_, let o) = $0 { o } else { nil } }.last
    }
    var rejections: [EnrollmentFailure] {
        compactMap { if case .rejected(_, let f) = $0 { f } else { nil } }
    }
    var captureRequests: Int {
        filter { if case .captureFinger = $0 { true } else { false } }.count
    }
    var builtFrom: [FingerSample]? {
        compactMap { if case .buildFingerTemplate(_, let s) = $0 { s } else { nil } }.last
    }
    var fetchedPhotos: [String] {
        compactMap { if case .fetchPhoto(_, let id) = $0 { id } else { nil } }
    }
    var duplicateChecks: [Template] {
        compactMap { if case .checkDuplicates(_, let t, _) = $0 { t } else { nil } }
    }
}
