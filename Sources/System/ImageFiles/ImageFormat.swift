/// The image file formats `ImageFile` reads, told apart by their first bytes.
public enum ImageFormat: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Tagged Image File Format (uncompressed strips).
    case tiff = "TIFF"
    /// Portable Network Graphics.
    case png = "PNG"
    /// Netpbm greymap, P2 (ASCII) or P5 (binary).
    case pgm = "PGM"
    /// Netpbm pixmap, P3 (ASCII) or P6 (binary).
    case ppm = "PPM"
    /// Windows bitmap.
    case bmp = "BMP"
    /// JPEG/JFIF, decoded by libjpeg-turbo.
    case jpeg = "JPEG"
    /// Headerless 8-bit grey whose size is given by the caller (sourceafis `.dat` images).
    case rawGray = "raw grey"

    public var description: String { rawValue }

    /// The format whose signature starts `bytes`, or nil when none matches (raw grey is never detected).
    public static func detect(_ bytes: some Collection<UInt8>) -> ImageFormat? {
        let head = Array(bytes.prefix(8))
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.starts(with: [0x49, 0x49, 0x2A, 0x00]) || head.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x42, 0x4D]) { return .bmp }
        if head.count >= 3, head[0] == UInt8(ascii: "P"), isNetpbmSpace(head[2]) {
            switch head[1] {
            case UInt8(ascii: "2"), UInt8(ascii: "5"): return .pgm
            case UInt8(ascii: "3"), UInt8(ascii: "6"): return .ppm
            default: return nil
            }
        }
        return nil
    }
}

/// Netpbm header whitespace: space, tab, LF, VT, FF, CR.
func isNetpbmSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || (0x09...0x0D).contains(byte)
}
