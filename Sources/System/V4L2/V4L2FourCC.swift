import CV4L2

/// A V4L2 pixel-format code: four ASCII characters packed little-endian, as `v4l2_fourcc` builds them.
public struct V4L2FourCC: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Builds the code from exactly four ASCII characters, e.g. "YUYV"; nil for anything else.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 4, bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
        rawValue = bytes.enumerated().reduce(0) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
    }

    /// The four characters (trailing spaces kept, as in "Y16 "); "-BE" appended for big-endian variants.
    public var description: String {
        let characters = (0..<4).map { index -> Character in
            let byte = UInt8(truncatingIfNeeded: rawValue >> (8 * UInt32(index))) & 0x7F
            return byte >= 0x20 && byte < 0x7F ? Character(Unicode.Scalar(byte)) : "?"
        }
        return String(characters) + (rawValue & (1 << 31) != 0 ? "-BE" : "")
    }

    /// Packed YUV 4:2:2 (Y0 U Y1 V).
    public static let yuyv = V4L2FourCC(rawValue: CV4L2_PIX_FMT_YUYV)
    /// Motion-JPEG: each frame a JPEG image.
    public static let mjpeg = V4L2FourCC(rawValue: CV4L2_PIX_FMT_MJPEG)
    /// 8-bit greyscale.
    public static let grey = V4L2FourCC(rawValue: CV4L2_PIX_FMT_GREY)
}
