import Biometrics

/// Tunables of the enrollment flow, validated on creation.
public struct EnrollmentSettings: Sendable, Hashable {
    /// Fingerprint presses per template, 2-5.
    public let presses: Int
    /// Capture gives up this long after receipt; at most `maximumCaptureDeadline`.
    public let captureDeadline: Duration
    /// A result with `oper_id` is sent no later than this after receipt (work still running then is
    /// abandoned with 102, except a started commit); above the capture deadline, at most 60 s.
    public let resultDeadline: Duration
    /// Pause between finger-presence polls and between rejected face frames.
    public let pollInterval: Duration
    /// How often the presses may start over after they turned out to be of different fingers.
    public let restartsOnMismatch: Int
    /// Algorithms the cloud accepts per modality; a missing entry accepts any. `subscribe_corp`'s answer
    /// names none, so the cloud accepts what the device declared there (`EnrollmentRunner.accept(_:)`).
    public let acceptedAlgorithms: [Modality: Set<AlgorithmID>]

    public static let maximumCaptureDeadline: Duration = .seconds(50)
    public static let maximumResultDeadline: Duration = .seconds(60)
    public static let pressRange = 2...5
    public static let restartRange = 0...3

    /// Defaults: 3 presses, capture 45 s, result 55 s, poll 100 ms, one restart on mismatch, any algorithm.
    public static let standard = EnrollmentSettings(
        values: 3, .seconds(45), .seconds(55), .milliseconds(100), 1, [:])

    public init(
        presses: Int = 3,
        captureDeadline: Duration = .seconds(45),
        resultDeadline: Duration = .seconds(55),
        pollInterval: Duration = .milliseconds(100),
        restartsOnMismatch: Int = 1,
        acceptedAlgorithms: [Modality: Set<AlgorithmID>] = [:]
    ) throws(EnrollmentSettingsError) {
        guard Self.pressRange.contains(presses) else { throw .presses(presses) }
        guard captureDeadline > .zero, captureDeadline <= Self.maximumCaptureDeadline else {
            throw .captureDeadline(captureDeadline)
        }
        guard resultDeadline > captureDeadline, resultDeadline <= Self.maximumResultDeadline else {
            throw .resultDeadline(resultDeadline, captureDeadline: captureDeadline)
        }
        guard pollInterval > .zero, pollInterval < captureDeadline else { throw .pollInterval(pollInterval) }
        guard Self.restartRange.contains(restartsOnMismatch) else { throw .restartsOnMismatch(restartsOnMismatch) }
        self.init(
            values: presses, captureDeadline, resultDeadline, pollInterval, restartsOnMismatch, acceptedAlgorithms)
    }

    private init(
        values presses: Int, _ capture: Duration, _ result: Duration, _ poll: Duration, _ restarts: Int,
        _ algorithms: [Modality: Set<AlgorithmID>]
    ) {
        self.presses = presses
        self.captureDeadline = capture
        self.resultDeadline = result
        self.pollInterval = poll
        self.restartsOnMismatch = restarts
        self.acceptedAlgorithms = algorithms
    }

    /// The same settings with `algorithms` as the accepted algorithms (replacing the previous ones).
    public func accepting(_ algorithms: [Modality: Set<AlgorithmID>]) -> EnrollmentSettings {
        EnrollmentSettings(
            values: presses, captureDeadline, resultDeadline, pollInterval, restartsOnMismatch, algorithms)
    }

    /// Whether the cloud accepts `algorithm` for `modality`.
    public func accepts(_ algorithm: AlgorithmID, for modality: Modality) -> Bool {
        acceptedAlgorithms[modality]?.contains(algorithm) ?? true
    }
}

/// An out-of-range setting, naming the field and what was expected.
public enum EnrollmentSettingsError: Error, Sendable, Equatable, CustomStringConvertible {
    case presses(Int)
    case captureDeadline(Duration)
    case resultDeadline(Duration, captureDeadline: Duration)
    case pollInterval(Duration)
    case restartsOnMismatch(Int)

    public var description: String {
        switch self {
        case .presses(let n):
            "presses: expected 2-5, got \(n)"
        case .captureDeadline(let d):
            "captureDeadline: expected more than 0 s and at most 50 s, got \(d)"
        case .resultDeadline(let d, let capture):
            "resultDeadline: expected above captureDeadline (\(capture)) and at most 60 s, got \(d)"
        case .pollInterval(let d):
            "pollInterval: expected more than 0 s and below captureDeadline, got \(d)"
        case .restartsOnMismatch(let n):
            "restartsOnMismatch: expected 0-3, got \(n)"
        }
    }
}
