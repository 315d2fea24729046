/// A minutiae set turned into the index the matcher compares: each minutia's direction and its edges to
/// its nearest neighbours (rotation/translation-invariant), grouped by minutia and also bucketed by the
/// edge's start direction and length. Build it once per template with `MinutiaeMatcher.prepare`.
public struct PreparedMinutiae: Sendable {
    /// One directed edge from a minutia to one of its nearest neighbours. Angles are in 1/256 turns.
    struct Edge: Sendable {
        /// Pixels at 500 dpi.
        var length: Float
        /// Direction of `from` relative to the edge direction.
        var fromAngle: UInt8
        /// Direction of `to` relative to the edge direction.
        var toAngle: UInt8
        var from: UInt8
        var to: UInt8
    }

    /// Number of minutiae indexed (at most 255, the most an ISO view holds).
    public let count: Int
    /// Minutia directions, 1/256 turns counter-clockwise.
    let angles: [UInt8]
    /// Edges sorted by (start-direction sector, length bucket); the edges of sector s and length bucket b
    /// start at `bucketStart[s * (lengthBuckets + 1) + b]`; entry `lengthBuckets` of a row ends the sector.
    let edges: [Edge]
    let bucketStart: [UInt16]
    let lengthBuckets: Int
    /// The same edges grouped by their `from` minutia: `localEdges[localStart[i]..<localStart[i + 1]]`.
    let localEdges: [Edge]
    let localStart: [Int32]
}

/// Angles as 1/256 turns, the ISO unit, so that differences wrap for free.
enum TurnUnits {
    static let sectorShift: UInt8 = 4
    static let sectors = 256 >> Int(sectorShift)

    /// The nearest unit, wrapped; non-finite angles become 0.
    static func from(radians: Double) -> UInt8 {
        guard radians.isFinite else { return 0 }
        let units = (radians * 256 / (2 * .pi)).truncatingRemainder(dividingBy: 256).rounded()
        return UInt8(truncatingIfNeeded: Int(units))
    }

    static func from(radians: Float) -> UInt8 { from(radians: Double(radians)) }

    @inline(__always)
    static func distance(_ a: UInt8, _ b: UInt8) -> UInt8 { min(a &- b, b &- a) }
}
