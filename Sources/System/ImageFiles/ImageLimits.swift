/// Size limits checked against a file's header before any pixel memory is allocated or data inflated.
public struct ImageLimits: Sendable, Equatable {
    /// Largest width or height accepted (default 16384, `RGBFrame`'s limit).
    public var maxSide: Int
    /// Largest width × height accepted.
    public var maxPixels: Int
    /// Largest file read from disk.
    public var maxFileBytes: Int

    /// Limits with the given values.
    public init(maxSide: Int = 16_384, maxPixels: Int = 50_000_000, maxFileBytes: Int = 512 << 20) {
        self.maxSide = maxSide
        self.maxPixels = maxPixels
        self.maxFileBytes = maxFileBytes
    }

    /// 16384 per side, 50 megapixels, 512 MiB files.
    public static let standard = ImageLimits()

    /// Throws `.malformed` for a side below 1 and `.tooLarge` for sizes beyond the limits.
    func check(width: Int, height: Int, format: ImageFormat, field: String, offset: Int?) throws(ImageFileError) {
        guard width >= 1, height >= 1 else {
            throw .malformed(
                format, field, offset: offset, expected: "width and height of at least 1", found: "\(width)×\(height)")
        }
        guard width <= maxSide, height <= maxSide, width * height <= maxPixels else {
            throw ImageFileError(
                kind: .tooLarge, format: format, field: field, offset: offset,
                expected: "at most \(maxSide) per side and \(maxPixels) pixels", found: "\(width)×\(height)")
        }
    }
}
