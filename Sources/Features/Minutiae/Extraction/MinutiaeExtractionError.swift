/// Why `MinutiaeExtractor` could not process an image.
public enum MinutiaeExtractionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The image, once scaled to 500 dpi, has a side shorter than the extractor can work on.
    case imageTooSmall(width: Int, height: Int, minimumSide: Int)
    /// The image, once scaled to 500 dpi, has a side longer than any finger image (about 10 cm).
    case imageTooLarge(width: Int, height: Int, maximumSide: Int)
    /// The declared resolution is outside the range the extractor scales from.
    case unsupportedResolution(pixelsPerCentimetre: Int, supported: ClosedRange<Int>)

    public var description: String {
        switch self {
        case .imageTooSmall(let width, let height, let minimumSide):
            "image size: expected at least \(minimumSide)×\(minimumSide) pixels at 500 dpi, got \(width)×\(height)"
        case .imageTooLarge(let width, let height, let maximumSide):
            "image size: expected at most \(maximumSide)×\(maximumSide) pixels at 500 dpi, got \(width)×\(height)"
        case .unsupportedResolution(let pixelsPerCentimetre, let supported):
            "pixelsPerCentimetre: expected \(supported.lowerBound)-\(supported.upperBound), got \(pixelsPerCentimetre)"
        }
    }
}
