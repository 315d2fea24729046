import Foundation

/// Head pose estimated from the five landmarks (no 3-D model: ratios that are ~0 for a frontal face).
public struct FacePose: Sendable, Hashable, Codable {
    /// In-plane tilt of the eye line, degrees (positive: the image-right eye lower).
    public let rollDegrees: Double
    /// Horizontal offset of the nose base from the eyes' midpoint, in inter-eye distances, measured
    /// along the eye line (positive: nose towards the image's right). About ±0.2 at 25° of yaw.
    public let yawRatio: Double
    /// Distance of the nose base below the eye line, in inter-eye distances. dlib's frontal template
    /// has 0.77; looking up shrinks it, looking down grows it.
    public let noseDropRatio: Double
    /// Distance between the eye centres in pixels.
    public let interEyeDistance: Double

    /// Measures `landmarks`.
    public init(_ landmarks: FaceLandmarks) {
        let left = landmarks.imageLeftEye
        let right = landmarks.imageRightEye
        let nose = landmarks.nose
        let dx = right.x - left.x
        let dy = right.y - left.y
        let distance = max((dx * dx + dy * dy).squareRoot(), 1)
        // Unit vector along the eye line and its normal pointing down the face.
        let ux = dx / distance
        let uy = dy / distance
        let midX = (left.x + right.x) / 2
        let midY = (left.y + right.y) / 2
        let nx = nose.x - midX
        let ny = nose.y - midY
        rollDegrees = atan2(dy, dx) * 180 / .pi
        yawRatio = (nx * ux + ny * uy) / distance
        noseDropRatio = (-nx * uy + ny * ux) / distance
        interEyeDistance = distance
    }
}
