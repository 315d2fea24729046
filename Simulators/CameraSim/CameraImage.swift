/// An 8-bit grey image, row-major, one byte per pixel: what frame sources produce.
public struct CameraImage: Sendable, Equatable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// `width * height` grey levels, row by row.
    public let pixels: [UInt8]

    /// An image from its pixels; fails when `pixels.count != width * height` or a side is not positive.
    public init(width: Int, height: Int, pixels: [UInt8]) throws(CameraSimError) {
        guard width > 0 else { throw .invalidConfiguration(field: "CameraImage.width", expected: "> 0") }
        guard height > 0 else { throw .invalidConfiguration(field: "CameraImage.height", expected: "> 0") }
        guard pixels.count == width * height else {
            throw .invalidConfiguration(
                field: "CameraImage.pixels", expected: "\(width * height) bytes, got \(pixels.count)")
        }
        self.init(unchecked: width, height: height, pixels: pixels)
    }

    init(unchecked width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// An image of one grey level.
    public static func uniform(width: Int, height: Int, level: UInt8) -> CameraImage {
        CameraImage(
            unchecked: max(1, width), height: max(1, height),
            pixels: Array(repeating: level, count: max(1, width) * max(1, height)))
    }

    /// The image scaled to `size` by nearest-neighbour sampling (identity when the size matches).
    public func resized(to size: CameraFrameSize) -> CameraImage {
        if size.width == width && size.height == height { return self }
        var out = [UInt8](repeating: 0, count: size.width * size.height)
        let columns = (0..<size.width).map { $0 * width / size.width }
        for y in 0..<size.height {
            let sourceRow = (y * height / size.height) * width
            let row = y * size.width
            for x in 0..<size.width { out[row + x] = pixels[sourceRow + columns[x]] }
        }
        return CameraImage(unchecked: size.width, height: size.height, pixels: out)
    }
}
