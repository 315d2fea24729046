import Biometrics

public enum RecognitionError: Error, Sendable, Equatable, CustomStringConvertible {
    case noSensor(Modality)
    case noSearcher(Modality)
    case sensor(Modality, String)
    /// A hand-run identification saw no finger (or no usable face) before its deadline.
    case nothingPresented(Modality, Duration)
    case cancelled

    public var description: String {
        switch self {
        case .noSensor(let modality): "no \(modality.rawValue) sensor on this terminal"
        case .noSearcher(let modality): "no \(modality.rawValue) searcher configured"
        case .sensor(let modality, let why): "\(modality.rawValue) identification failed: \(why)"
        case .nothingPresented(let modality, let deadline):
            modality == .fingerprint
                ? "no finger on the sensor within \(deadline)" : "no usable face in view within \(deadline)"
        case .cancelled: "identification cancelled"
        }
    }
}
