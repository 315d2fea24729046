/// The raw camera pixel formats Imaging converts from.
public enum PixelFormat: String, Sendable, CaseIterable {
    /// 8-bit luma only (V4L2 `GREY`).
    case grey
    /// Packed 4:2:2 Y0 U Y1 V (V4L2 `YUYV`).
    case yuyv
    /// One JPEG image per frame (V4L2 `MJPG`).
    case mjpeg

    /// The V4L2 fourcc code (little-endian packed ASCII).
    public var fourCC: UInt32 {
        switch self {
        case .grey: fourCCCode("GREY")
        case .yuyv: fourCCCode("YUYV")
        case .mjpeg: fourCCCode("MJPG")
        }
    }

    /// The format whose V4L2 fourcc is `code`, or nil for formats Imaging does not convert.
    public init?(fourCC code: UInt32) {
        guard let match = Self.allCases.first(where: { $0.fourCC == code }) else { return nil }
        self = match
    }

    /// Minimum bytes per row of a `width`-pixel row; nil for compressed formats.
    public func minimumBytesPerLine(width: Int) -> Int? {
        switch self {
        case .grey: width
        case .yuyv: 2 * width
        case .mjpeg: nil
        }
    }
}

private func fourCCCode(_ text: StaticString) -> UInt32 {
    let bytes = UnsafeBufferPointer(start: text.utf8Start, count: 4)
    return UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
}
