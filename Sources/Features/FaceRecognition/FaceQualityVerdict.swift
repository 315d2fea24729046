import Biometrics
import Imaging

/// What the gates measured on the single face of a frame.
public struct FaceQualityMeasurements: Sendable, Hashable {
    /// The face's detection.
    public let detection: FaceDetection
    /// Its landmarks.
    public let landmarks: FaceLandmarks
    /// Pose from the landmarks.
    public let pose: FacePose
    /// Laplacian variance of the grey aligned chip over its squared mean brightness, × 10⁴, so that
    /// dimming a frame does not make it look blurred (a sharp face measures 100-200, a slightly
    /// defocused one under 30).
    public let sharpness: Double
    /// Mean grey level of the aligned chip.
    public let brightness: Double

    /// Exposure-independent sharpness from the chip's Laplacian variance and mean brightness.
    public static func normalisedSharpness(laplacianVariance: Double, brightness: Double) -> Double {
        laplacianVariance / max(brightness * brightness, 1) * 10_000
    }

    /// Larger is a better enrollment frame: sharp, large and frontal faces first.
    public var rank: Double {
        let frontality = max(0, 1 - abs(pose.yawRatio) * 2) * max(0, 1 - abs(pose.rollDegrees) / 45)
        return sharpness.squareRoot() * Double(detection.box.width).squareRoot() * frontality
    }
}

/// The gates' decision on one frame: every failed gate, in the order the person should fix them.
public struct FaceQualityVerdict: Sendable, Hashable, CustomStringConvertible {
    /// Number of faces the detector found.
    public let faceCount: Int
    /// Measurements of the single face; nil unless exactly one face was found.
    public let measurements: FaceQualityMeasurements?
    /// Failed gates; empty means accepted.
    public let issues: [FaceQualityIssue]

    /// True when every gate passed.
    public var isAccepted: Bool { issues.isEmpty }

    /// The prompt for the most important failed gate; nil when accepted.
    public var retryHint: FaceRetryHint? { issues.first?.retryHint }

    public var description: String {
        isAccepted ? "accepted" : "rejected: " + issues.map(\.description).joined(separator: "; ")
    }

    /// Applies `thresholds` to a frame's detections and, for a single face, its measurements.
    public static func judge(
        faceCount: Int, measurements: FaceQualityMeasurements?, thresholds: FaceQualityThresholds
    ) -> FaceQualityVerdict {
        guard faceCount == 1, let m = measurements else {
            let issue: FaceQualityIssue = faceCount == 0 ? .noFace : .multipleFaces(count: faceCount)
            return FaceQualityVerdict(faceCount: faceCount, measurements: measurements, issues: [issue])
        }
        var issues: [FaceQualityIssue] = []
        if m.detection.box.width < thresholds.minimumFaceWidth {
            issues.append(.faceTooSmall(width: m.detection.box.width, minimum: thresholds.minimumFaceWidth))
        }
        if m.brightness < thresholds.brightness.lowerBound {
            issues.append(.tooDark(brightness: m.brightness, minimum: thresholds.brightness.lowerBound))
        } else if m.brightness > thresholds.brightness.upperBound {
            issues.append(.tooBright(brightness: m.brightness, maximum: thresholds.brightness.upperBound))
        }
        if abs(m.pose.rollDegrees) > thresholds.maximumRollDegrees
            || abs(m.pose.yawRatio) > thresholds.maximumYawRatio
            || !thresholds.noseDropRatio.contains(m.pose.noseDropRatio)
        {
            issues.append(.notFrontal(pose: m.pose))
        }
        if m.sharpness < thresholds.minimumSharpness {
            issues.append(.blurred(sharpness: m.sharpness, minimum: thresholds.minimumSharpness))
        }
        return FaceQualityVerdict(faceCount: faceCount, measurements: m, issues: issues)
    }
}
