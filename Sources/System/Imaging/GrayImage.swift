/// Why a `GrayImage` could not be built.
public enum GrayImageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Width or height is zero, negative or too large.
    case invalidDimensions(width: Int, height: Int)
    /// The pixel count is not width × height.
    case pixelCount(expected: Int, received: Int)

    public var description: String {
        switch self {
        case .invalidDimensions(let width, let height):
            "image size: expected width and height 1-\(GrayImage.maxSide), got \(width)×\(height)"
        case .pixelCount(let expected, let received):
            "image pixels: expected \(expected) (width × height), got \(received)"
        }
    }
}

/// An 8-bit greyscale image, row-major, 0 = black. A raw sensor image: it stays on the terminal.
public struct GrayImage: Sendable, Hashable {
    /// Largest width or height accepted.
    public static let maxSide = 65_535

    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// Grey values, row-major, `width × height` of them.
    public let pixels: [UInt8]

    /// An image of `width × height` pixels; throws when a side is outside 1-65535 or the count differs.
    public init(width: Int, height: Int, pixels: [UInt8]) throws(GrayImageError) {
        guard (1...Self.maxSide).contains(width), (1...Self.maxSide).contains(height) else {
            throw .invalidDimensions(width: width, height: height)
        }
        guard pixels.count == width * height else {
            throw .pixelCount(expected: width * height, received: pixels.count)
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The grey value at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> UInt8 { pixels[y * width + x] }
}
