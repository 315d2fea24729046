import Imaging

/// An RGB image to draw on (for `render` commands); everything drawn is clipped at the borders.
public struct RGBCanvas: Sendable, Equatable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// R,G,B bytes, row-major, no padding.
    public private(set) var pixels: [UInt8]

    /// A canvas filled with `background`; sides must be 1...`maximumFrameDimension`.
    public init(width: Int, height: Int, background: RGBColor = .black) throws(ImageFileError) {
        try Self.checkSize(width: width, height: height)
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: 3 * width * height)
        for i in 0..<(width * height) {
            pixels[3 * i] = background.red
            pixels[3 * i + 1] = background.green
            pixels[3 * i + 2] = background.blue
        }
    }

    /// A canvas showing a grey image in grey; throws when a side exceeds `maximumFrameDimension`.
    public init(_ image: GrayImage) throws(ImageFileError) {
        try Self.checkSize(width: image.width, height: image.height)
        width = image.width
        height = image.height
        pixels = grayToRGB(image.pixels)
    }

    /// A canvas showing a colour frame.
    public init(_ frame: RGBFrame) {
        width = frame.width
        height = frame.height
        pixels = (0..<frame.height).flatMap { y in
            frame.pixels[(y * frame.stride)..<(y * frame.stride + 3 * frame.width)]
        }
    }

    /// A canvas showing a decoded image in its own colours; throws when a side exceeds `maximumFrameDimension`.
    public init(_ image: DecodedImage) throws(ImageFileError) {
        try Self.checkSize(width: image.width, height: image.height)
        width = image.width
        height = image.height
        pixels = image.rgbSamples
    }

    private static func checkSize(width: Int, height: Int) throws(ImageFileError) {
        guard (1...maximumFrameDimension).contains(width), (1...maximumFrameDimension).contains(height) else {
            throw ImageFileError(
                kind: .tooLarge, format: nil, field: "canvas size", offset: nil,
                expected: "1...\(maximumFrameDimension) per side", found: "\(width)×\(height)")
        }
    }

    /// The colour at column `x`, row `y`, or nil outside the canvas.
    public subscript(x: Int, y: Int) -> RGBColor? {
        guard contains(x: x, y: y) else { return nil }
        let i = 3 * (y * width + x)
        return RGBColor(red: pixels[i], green: pixels[i + 1], blue: pixels[i + 2])
    }

    /// True when (`x`, `y`) lies on the canvas.
    public func contains(x: Int, y: Int) -> Bool {
        x >= 0 && x < width && y >= 0 && y < height
    }

    /// Sets one pixel; does nothing outside the canvas.
    public mutating func plot(x: Int, y: Int, color: RGBColor) {
        guard contains(x: x, y: y) else { return }
        let i = 3 * (y * width + x)
        pixels[i] = color.red
        pixels[i + 1] = color.green
        pixels[i + 2] = color.blue
    }

    /// The canvas as an `RGBFrame`.
    public func rgbFrame() -> RGBFrame {
        do {
            return try RGBFrame(width: width, height: height, pixels: pixels)
        } catch {
            preconditionFailure("canvas of \(width)×\(height) rejected by RGBFrame: \(error)")
        }
    }

    /// The canvas as an RGB PNG file.
    public func png(compressionLevel: Int = 6) -> [UInt8] {
        PNGEncoder.encode(rgbFrame(), compressionLevel: compressionLevel)
    }

    /// Writes the canvas as an RGB PNG file at `path`.
    public func writePNG(toPath path: String) throws(ImageFileError) {
        try PNGEncoder.save(png(), to: path)
    }
}
