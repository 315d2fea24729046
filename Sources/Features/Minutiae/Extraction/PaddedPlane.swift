import Biometrics
import Imaging

/// A float image at 500 dpi with a replicated border of `padding` pixels on every side, so oriented
/// filters can read up to `padding` pixels beyond the image without bounds checks.
struct PaddedPlane {
    static let padding = 16

    let width: Int
    let height: Int
    let stride: Int
    var values: [Float]

    init(width: Int, height: Int, values: [Float]) {
        self.width = width
        self.height = height
        self.stride = width + 2 * Self.padding
        self.values = values
    }

    /// A plane of `width × height` zeros (border included).
    init(width: Int, height: Int) {
        self.init(
            width: width, height: height,
            values: [Float](repeating: 0, count: (width + 2 * Self.padding) * (height + 2 * Self.padding)))
    }

    /// Index of pixel (x, y) of the image in `values`.
    @inline(__always) func index(_ x: Int, _ y: Int) -> Int {
        (y + Self.padding) * stride + x + Self.padding
    }

    /// Builds the plane from unpadded row-major values, replicating the edge pixels into the border.
    static func replicatingBorder(width: Int, height: Int, unpadded: [Float]) -> PaddedPlane {
        unpadded.withUnsafeBufferPointer { replicatingBorder(width: width, height: height, unpadded: $0) { $0 } }
    }

    /// Builds the plane from unpadded row-major values converted by `float`, replicating the edge pixels
    /// into the border.
    @inline(__always)
    static func replicatingBorder<Value>(
        width: Int, height: Int, unpadded src: UnsafeBufferPointer<Value>,
        _ float: (Value) -> Float
    ) -> PaddedPlane {
        let pad = padding
        let stride = width + 2 * pad
        let values = [Float](unsafeUninitializedCapacity: stride * (height + 2 * pad)) { out, initialised in
            for row in 0..<(height + 2 * pad) {
                let y = min(max(row - pad, 0), height - 1)
                let base = row * stride
                let srcBase = y * width
                let first = float(src[srcBase])
                let last = float(src[srcBase + width - 1])
                for column in 0..<pad { out[base + column] = first }
                for x in 0..<width { out[base + pad + x] = float(src[srcBase + x]) }
                for column in 0..<pad { out[base + pad + width + column] = last }
            }
            initialised = stride * (height + 2 * pad)
        }
        return PaddedPlane(width: width, height: height, values: values)
    }
}

/// Converts an 8-bit image to floats at 500 dpi (bilinear scaling when the resolution differs).
enum ResolutionScaler {
    /// The size of `image` at 500 dpi.
    static func workingSize(of image: GrayImage, pixelsPerCentimetre: Int) -> (width: Int, height: Int) {
        let scale = Double(MinutiaeSet.standardResolution) / Double(pixelsPerCentimetre)
        return (
            max(1, Int((Double(image.width) * scale).rounded())), max(1, Int((Double(image.height) * scale).rounded()))
        )
    }

    /// The padded working plane of `image` and the factor from input to working coordinates.
    static func workingPlane(of image: GrayImage, pixelsPerCentimetre: Int) -> (plane: PaddedPlane, scale: Double) {
        if pixelsPerCentimetre == MinutiaeSet.standardResolution {
            let plane = image.pixels.withUnsafeBufferPointer { pixels in
                PaddedPlane.replicatingBorder(width: image.width, height: image.height, unpadded: pixels) { Float($0) }
            }
            return (plane, 1)
        }
        let working = workingPixels(of: image, pixelsPerCentimetre: pixelsPerCentimetre)
        return (
            PaddedPlane.replicatingBorder(width: working.width, height: working.height, unpadded: working.values),
            working.scale
        )
    }

    /// Scaled float pixels, their size and the factor from input to working coordinates.
    static func workingPixels(of image: GrayImage, pixelsPerCentimetre: Int)
        -> (values: [Float], width: Int, height: Int, scale: Double)
    {
        let scale = Double(MinutiaeSet.standardResolution) / Double(pixelsPerCentimetre)
        if pixelsPerCentimetre == MinutiaeSet.standardResolution {
            let values = [Float](unsafeUninitializedCapacity: image.pixels.count) { out, initialised in
                image.pixels.withUnsafeBufferPointer { src in
                    for i in src.indices { out[i] = Float(src[i]) }
                }
                initialised = image.pixels.count
            }
            return (values, image.width, image.height, 1)
        }
        let (width, height) = workingSize(of: image, pixelsPerCentimetre: pixelsPerCentimetre)
        var out = [Float](repeating: 0, count: width * height)
        let sourceWidth = image.width
        let maxX = Double(image.width - 1)
        let maxY = Double(image.height - 1)
        image.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height {
                    let sy = min(max((Double(y) + 0.5) / scale - 0.5, 0), maxY)
                    let y0 = Int(sy)
                    let y1 = min(y0 + 1, image.height - 1)
                    let fy = Float(sy - Double(y0))
                    for x in 0..<width {
                        let sx = min(max((Double(x) + 0.5) / scale - 0.5, 0), maxX)
                        let x0 = Int(sx)
                        let x1 = min(x0 + 1, image.width - 1)
                        let fx = Float(sx - Double(x0))
                        let top = Float(src[y0 * sourceWidth + x0]) * (1 - fx) + Float(src[y0 * sourceWidth + x1]) * fx
                        let bottom =
                            Float(src[y1 * sourceWidth + x0]) * (1 - fx) + Float(src[y1 * sourceWidth + x1]) * fx
                        dst[y * width + x] = top * (1 - fy) + bottom * fy
                    }
                }
            }
        }
        return (out, width, height, scale)
    }
}
