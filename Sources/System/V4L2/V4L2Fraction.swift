/// A V4L2 fraction (`struct v4l2_fract`); as a frame interval it is seconds per frame, e.g. 1/30.
public struct V4L2Fraction: Sendable, Hashable, CustomStringConvertible {
    public var numerator: UInt32
    public var denominator: UInt32

    public init(numerator: UInt32, denominator: UInt32) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The frame interval for a whole number of frames per second (1/fps).
    public static func interval(framesPerSecond: UInt32) -> V4L2Fraction {
        V4L2Fraction(numerator: 1, denominator: framesPerSecond)
    }

    /// Frames per second when this is a frame interval; nil when either term is zero.
    public var framesPerSecond: Double? {
        guard numerator != 0, denominator != 0 else { return nil }
        return Double(denominator) / Double(numerator)
    }

    /// The interval as a duration; nil when the denominator is zero.
    public var duration: Duration? {
        guard denominator != 0 else { return nil }
        let nanoseconds = UInt64(numerator) * 1_000_000_000 / UInt64(denominator)
        return .nanoseconds(Int64(nanoseconds))
    }

    public var description: String { "\(numerator)/\(denominator)" }
}

/// A frame size in pixels.
public struct V4L2Size: Sendable, Hashable, CustomStringConvertible {
    public var width: UInt32
    public var height: UInt32

    public init(width: UInt32, height: UInt32) {
        self.width = width
        self.height = height
    }

    public var description: String { "\(width)x\(height)" }
}
