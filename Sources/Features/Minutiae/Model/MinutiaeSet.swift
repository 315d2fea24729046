/// The minutiae found in one finger image (one press), with the size and resolution of that image.
/// This is what the extractor produces and what one ISO finger view holds.
public struct MinutiaeSet: Sendable, Hashable, Codable {
    /// Image width in pixels.
    public var width: Int
    /// Image height in pixels.
    public var height: Int
    /// Pixels per centimetre (ISO/IEC 19794-2 unit); 500 dpi is 197.
    public var pixelsPerCentimetre: Int
    /// Overall quality of the impression, 0-100.
    public var quality: Int
    public var minutiae: [Minutia]

    /// 500 dpi in pixels per centimetre, the resolution the extractor works at.
    public static let standardResolution = 197

    public init(
        width: Int, height: Int, pixelsPerCentimetre: Int = MinutiaeSet.standardResolution,
        quality: Int, minutiae: [Minutia]
    ) {
        self.width = width
        self.height = height
        self.pixelsPerCentimetre = pixelsPerCentimetre
        self.quality = quality
        self.minutiae = minutiae
    }
}
