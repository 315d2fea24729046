import Foundation
import Minutiae

/// How far a synthetic gallery entry strays from the real set it is made from: a rigid rotation and
/// translation of the whole set, then per-minutia position and direction jitter, and dropped minutiae.
public struct MinutiaePerturbation: Sendable, Hashable, Codable {
    /// Largest rotation either way, radians.
    public var maxRotation: Double
    /// Largest shift either way along each axis, pixels.
    public var maxTranslation: Int
    /// Largest per-minutia position change either way along each axis, pixels.
    public var maxPositionJitter: Int
    /// Largest per-minutia direction change either way, radians.
    public var maxAngleJitter: Double
    /// Fraction of minutiae removed, 0-1.
    public var dropout: Double

    /// ±25°, ±40 px, ±2 px, ±8°, 15 % dropped.
    public init(
        maxRotation: Double = 25 * .pi / 180, maxTranslation: Int = 40, maxPositionJitter: Int = 2,
        maxAngleJitter: Double = 8 * .pi / 180, dropout: Double = 0.15
    ) {
        self.maxRotation = maxRotation
        self.maxTranslation = maxTranslation
        self.maxPositionJitter = maxPositionJitter
        self.maxAngleJitter = maxAngleJitter
        self.dropout = dropout
    }

    enum CodingKeys: String, CodingKey {
        case maxRotation = "max_rotation_radians"
        case maxTranslation = "max_translation_px"
        case maxPositionJitter = "max_position_jitter_px"
        case maxAngleJitter = "max_angle_jitter_radians"
        case dropout
    }

    /// A perturbed copy of `set`; minutiae moved off the image are dropped.
    public func apply(to set: MinutiaeSet, using generator: inout some RandomNumberGenerator) -> MinutiaeSet {
        let rotation = maxRotation > 0 ? Double.random(in: -maxRotation...maxRotation, using: &generator) : 0
        let dx = Int.random(in: -maxTranslation...maxTranslation, using: &generator)
        let dy = Int.random(in: -maxTranslation...maxTranslation, using: &generator)
        let cx = Double(set.width) / 2
        let cy = Double(set.height) / 2
        let c = cos(rotation)
        let s = sin(rotation)
        var result = set
        result.minutiae = []
        for minutia in set.minutiae {
            // Drawn for every minutia, kept or not, so that each minutia uses the same number of draws.
            let keep = Double.random(in: 0..<1, using: &generator) >= dropout
            let jx = Int.random(in: -maxPositionJitter...maxPositionJitter, using: &generator)
            let jy = Int.random(in: -maxPositionJitter...maxPositionJitter, using: &generator)
            let turn = maxAngleJitter > 0 ? Double.random(in: -maxAngleJitter...maxAngleJitter, using: &generator) : 0
            guard keep else { continue }
            // Counter-clockwise as seen on the image, where y grows downwards.
            let x = Double(minutia.x) - cx
            let y = Double(minutia.y) - cy
            let nx = Int((x * c + y * s + cx).rounded()) + dx + jx
            let ny = Int((-x * s + y * c + cy).rounded()) + dy + jy
            guard nx >= 0, ny >= 0, nx < set.width, ny < set.height else { continue }
            var angle = (minutia.angle + rotation + turn).truncatingRemainder(dividingBy: 2 * .pi)
            if angle < 0 { angle += 2 * .pi }
            result.minutiae.append(Minutia(kind: minutia.kind, x: nx, y: ny, angle: angle, quality: minutia.quality))
        }
        return result
    }
}
