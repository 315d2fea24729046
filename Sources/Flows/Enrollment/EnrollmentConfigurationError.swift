import Biometrics

/// A runner wired with devices and matchers that cannot work together.
public enum EnrollmentConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A device of `modality` is installed but no matcher for its duplicate check.
    case missingMatcher(Modality)
    /// The matcher compares another algorithm than the device builds.
    case matcherAlgorithmMismatch(Modality, device: AlgorithmID, matcher: AlgorithmID)

    public var description: String {
        switch self {
        case .missingMatcher(let m):
            "\(m.rawValue) matcher: expected one for the installed \(m.rawValue) device, got none"
        case .matcherAlgorithmMismatch(let m, let device, let matcher):
            "\(m.rawValue) matcher: expected algorithm \(device) (the device's), got \(matcher)"
        }
    }
}

/// How `EnrollmentRunner.start` went.
public enum EnrollmentStartResult: Sendable, Hashable {
    /// Accepted; the operation runs under this token.
    case started(EnrollmentToken)
    /// Refused at once (101 busy, 109, 110); a cloud request's failure was already handed to the sink.
    case rejected(EnrollmentFailure)
    /// A repeated push for the running `oper_id`; nothing happens.
    case ignored
}
