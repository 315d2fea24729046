/// The kind of a minutia, with its ISO/IEC 19794-2:2005 two-bit type code.
public enum MinutiaKind: UInt8, Sendable, Hashable, Codable, CaseIterable {
    /// Type "other" (00): neither an ending nor a bifurcation, or not known.
    case other = 0
    /// A ridge ending (01).
    case ending = 1
    /// A ridge bifurcation (10).
    case bifurcation = 2
}

/// One minutia of a finger image.
///
/// Coordinates are pixels of the image it was found in: x to the right, y downwards, origin top-left.
/// `angle` follows ISO/IEC 19794-2: radians in [0, 2π), counter-clockwise from the x axis as seen on
/// the image (so a ridge running up the image has angle π/2). For an ending it points along the ridge
/// away from its end (into the ridge); for a bifurcation it points into the valley between the two
/// branches.
public struct Minutia: Sendable, Hashable, Codable {
    public var kind: MinutiaKind
    public var x: Int
    public var y: Int
    /// Radians in [0, 2π).
    public var angle: Double
    /// 0-100; 0 means "not reported".
    public var quality: Int

    public init(kind: MinutiaKind, x: Int, y: Int, angle: Double, quality: Int) {
        self.kind = kind
        self.x = x
        self.y = y
        self.angle = angle
        self.quality = quality
    }
}
