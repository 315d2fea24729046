/// A fingerprint image from UpImage: 256 × 288 pixels, 8-bit grey, row-major.
public struct ZFMImage: Sendable, Hashable {
    /// Columns.
    public static let width = 256
    /// Rows.
    public static let height = 288
    /// Pixels in one image.
    public static let pixelCount = width * height

    /// Grey values, row-major, 0 = black.
    public let pixels: [UInt8]

    /// Wraps 8-bit pixels; the count must be 256 × 288.
    public init(pixels: [UInt8]) throws(ZFMError) {
        guard pixels.count == Self.pixelCount else {
            throw .malformedReply(.upImage, field: "image", expected: "\(Self.pixelCount) pixels, got \(pixels.count)")
        }
        self.pixels = pixels
    }

    /// Decodes an upload: 73,728 bytes at 8 bits/pixel (native USB) or 36,864 bytes at 4 bits/pixel
    /// (UART; high nibble first, widened to 8 bits).
    public init(uploaded bytes: [UInt8]) throws(ZFMError) {
        switch bytes.count {
        case Self.pixelCount:
            self.pixels = bytes
        case Self.pixelCount / 2:
            var pixels: [UInt8] = []
            pixels.reserveCapacity(Self.pixelCount)
            for byte in bytes {
                pixels.append((byte >> 4) * 17)
                pixels.append((byte & 0x0F) * 17)
            }
            self.pixels = pixels
        default:
            throw .malformedReply(
                .upImage, field: "image data",
                expected: "\(Self.pixelCount) (8-bit) or \(Self.pixelCount / 2) (4-bit) bytes, got \(bytes.count)")
        }
    }

    /// The grey value at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> UInt8 { pixels[y * Self.width + x] }
}
