/// An 8-bit greyscale image: `height` rows of `stride` bytes, of which the first `width` are pixels.
public struct GrayFrame: Sendable, Equatable {
    /// Pixels per row.
    public private(set) var width: Int
    /// Number of rows.
    public private(set) var height: Int
    /// Bytes from one row's start to the next (at least `width`).
    public private(set) var stride: Int
    /// Row-major pixel bytes, exactly `stride * height` of them.
    public private(set) var pixels: [UInt8]

    /// An empty 0×0 frame, to be filled by a `convert(..., into:)` or `decode(..., into:)` call.
    public init() {
        width = 0
        height = 0
        stride = 0
        pixels = []
    }

    /// Wraps `pixels` after checking dimensions, that `stride >= width` and that `pixels.count == stride * height`.
    public init(width: Int, height: Int, stride: Int? = nil, pixels: [UInt8]) throws(FrameValidationError) {
        try validateDimensions(width: width, height: height)
        let stride = stride ?? width
        guard stride >= width, stride <= 4 * maximumFrameDimension else {
            throw FrameValidationError(
                field: .stride, value: stride, expected: "width (\(width))...\(4 * maximumFrameDimension)")
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

    /// A tightly packed frame with every pixel set to `value`.
    public init(width: Int, height: Int, filledWith value: UInt8 = 0) throws(FrameValidationError) {
        try validateDimensions(width: width, height: height)
        self.width = width
        self.height = height
        self.stride = width
        self.pixels = [UInt8](repeating: value, count: width * height)
    }

    /// True for the 0×0 frame made by `init()`.
    public var isEmpty: Bool { width == 0 || height == 0 }

    /// The pixel at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> UInt8 {
        get {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) outside \(width)×\(height)")
            return pixels[y * stride + x]
        }
        set {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) outside \(width)×\(height)")
            pixels[y * stride + x] = newValue
        }
    }

    /// A copy with `stride == width` (drops row padding).
    public func packed() -> GrayFrame {
        guard stride != width else { return self }
        var out = GrayFrame()
        out.reshape(width: width, height: height)
        out.pixels.withUnsafeMutableBufferPointer { dst in
            pixels.withUnsafeBufferPointer { src in
                for y in 0..<height {
                    let from = UnsafeBufferPointer(rebasing: src[(y * stride)..<(y * stride + width)])
                    _ = UnsafeMutableBufferPointer(rebasing: dst[(y * width)..<(y * width + width)]).initialize(
                        from: from)
                }
            }
        }
        return out
    }

    /// Makes this a tightly packed `width`×`height` frame, keeping the pixel array's storage when it can.
    /// Pixel contents are unspecified afterwards; callers overwrite every pixel.
    public mutating func reshape(width: Int, height: Int) {
        let count = width * height
        if pixels.count > count {
            pixels.removeLast(pixels.count - count)
        } else if pixels.count < count {
            pixels.append(contentsOf: [UInt8](repeating: 0, count: count - pixels.count))
        }
        self.width = width
        self.height = height
        self.stride = width
    }

    /// Gives `body` the pixel bytes for writing.
    public mutating func withUnsafeMutablePixels<R, E: Error>(
        _ body: (UnsafeMutableBufferPointer<UInt8>) throws(E) -> R
    ) throws(E) -> R {
        try pixels.withUnsafeMutableBufferPointer { (buffer) throws(E) -> R in try body(buffer) }
    }
}
