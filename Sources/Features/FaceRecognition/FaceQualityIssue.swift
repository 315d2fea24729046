import Biometrics

/// One failed quality gate with the measured value and the limit it missed.
public enum FaceQualityIssue: Sendable, Hashable, CustomStringConvertible {
    /// The detector found no face.
    case noFace
    /// More than one face in the frame.
    case multipleFaces(count: Int)
    /// The face box is narrower than the minimum.
    case faceTooSmall(width: Int, minimum: Int)
    /// The aligned face is darker than the minimum mean.
    case tooDark(brightness: Double, minimum: Double)
    /// The aligned face is brighter than the maximum mean.
    case tooBright(brightness: Double, maximum: Double)
    /// The aligned face is less sharp than the minimum.
    case blurred(sharpness: Double, minimum: Double)
    /// Roll, yaw or nose drop is outside its limit.
    case notFrontal(pose: FacePose)

    /// The prompt shown to the person for this issue.
    public var retryHint: FaceRetryHint {
        switch self {
        case .noFace: .noFace
        case .multipleFaces: .multipleFaces
        case .faceTooSmall: .moveCloser
        case .tooDark: .tooDark
        case .tooBright: .tooBright
        case .blurred: .blurred
        case .notFrontal: .lookAtCamera
        }
    }

    public var description: String {
        switch self {
        case .noFace: "no face detected"
        case .multipleFaces(let count): "\(count) faces, expected exactly 1"
        case .faceTooSmall(let width, let minimum): "face \(width) px wide, expected at least \(minimum)"
        case .tooDark(let value, let minimum):
            "face brightness \(rounded(value)), expected at least \(rounded(minimum))"
        case .tooBright(let value, let maximum):
            "face brightness \(rounded(value)), expected at most \(rounded(maximum))"
        case .blurred(let value, let minimum): "sharpness \(rounded(value)), expected at least \(rounded(minimum))"
        case .notFrontal(let pose):
            "pose roll \(rounded(pose.rollDegrees))°, yaw ratio \(rounded(pose.yawRatio)), "
                + "nose drop \(rounded(pose.noseDropRatio)): not frontal"
        }
    }

    private func rounded(_ value: Double) -> String {
        String((value * 100).rounded() / 100)
    }
}
