/// An interleaved 8-bit RGB image: `height` rows of `stride` bytes, of which the first `3 * width` are R,G,B triples.
public struct RGBFrame: Sendable, Equatable {
    /// Pixels per row.
    public private(set) var width: Int
    /// Number of rows.
    public private(set) var height: Int
    /// Bytes from one row's start to the next (at least `3 * width`).
    public private(set) var stride: Int
    /// Row-major bytes, exactly `stride * height` of them.
    public private(set) var pixels: [UInt8]

    /// An empty 0×0 frame, to be filled by a `convert(..., into:)` or `decode(..., into:)` call.
    public init() {
        width = 0
        height = 0
        stride = 0
        pixels = []
    }

    /// Wraps `pixels` after checking dimensions, that `stride >= 3 * width` and that `pixels.count == stride * height`.
    public init(width: Int, height: Int, stride: Int? = nil, pixels: [UInt8]) throws(FrameValidationError) {
        try validateDimensions(width: width, height: height)
        let stride = stride ?? 3 * width
        guard stride >= 3 * width, stride <= 4 * maximumFrameDimension else {
            throw FrameValidationError(
                field: .stride, value: stride, expected: "3 × width (\(3 * width))...\(4 * maximumFrameDimension)")
        }
        guard pixels.count == stride * height else {
            throw FrameValidationError(
                field: .pixels, value: pixels.count,
                expected: "\(stride * height) bytes (stride \(stride) × height \(height))")
        }
        self.width = width
        self.height = height
        self.stride = stride
        self.pixels = pixels
    }

    /// A tightly packed frame with every pixel set to `(red, green, blue)`.
    public init(width: Int, height: Int, red: UInt8 = 0, green: UInt8 = 0, blue: UInt8 = 0) throws(FrameValidationError)
    {
        try validateDimensions(width: width, height: height)
        self.width = width
        self.height = height
        self.stride = 3 * width
        var pixels = [UInt8](repeating: 0, count: 3 * width * height)
        for i in Swift.stride(from: 0, to: pixels.count, by: 3) {
            pixels[i] = red
            pixels[i + 1] = green
            pixels[i + 2] = blue
        }
        self.pixels = pixels
    }

    /// True for the 0×0 frame made by `init()`.
    public var isEmpty: Bool { width == 0 || height == 0 }

    /// The (red, green, blue) triple at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> (red: UInt8, green: UInt8, blue: UInt8) {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) outside \(width)×\(height)")
        let i = y * stride + 3 * x
        return (pixels[i], pixels[i + 1], pixels[i + 2])
    }

    /// Makes this a tightly packed `width`×`height` frame, keeping the pixel array's storage when it can.
    /// Pixel contents are unspecified afterwards; callers overwrite every pixel.
    public mutating func reshape(width: Int, height: Int) {
        let count = 3 * width * height
        if pixels.count > count {
            pixels.removeLast(pixels.count - count)
        } else if pixels.count < count {
            pixels.append(contentsOf: [UInt8](repeating: 0, count: count - pixels.count))
        }
        self.width = width
        self.height = height
        self.stride = 3 * width
    }

    /// Gives `body` the pixel bytes for writing.
    public mutating func withUnsafeMutablePixels<R, E: Error>(
        _ body: (UnsafeMutableBufferPointer<UInt8>) throws(E) -> R
    ) throws(E) -> R {
        try pixels.withUnsafeMutableBufferPointer { (buffer) throws(E) -> R in try body(buffer) }
    }
}
