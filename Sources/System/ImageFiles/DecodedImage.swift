import Imaging

/// A decoded image in its native layout: one grey byte or three R,G,B bytes per pixel, rows packed.
public struct DecodedImage: Sendable, Equatable {
    /// How many bytes each pixel has.
    public enum Layout: Sendable, Equatable {
        /// One grey byte per pixel.
        case gray
        /// Three bytes per pixel: red, green, blue.
        case rgb

        /// Bytes per pixel.
        public var channels: Int { self == .gray ? 1 : 3 }
    }

    /// The format the image was read from.
    public let format: ImageFormat
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// Grey or RGB.
    public let layout: Layout
    /// Row-major samples, `width × height × layout.channels` of them.
    public let samples: [UInt8]

    /// Wraps samples already checked by a decoder.
    init(format: ImageFormat, width: Int, height: Int, layout: Layout, samples: [UInt8]) {
        precondition(samples.count == width * height * layout.channels, "decoder produced a wrong sample count")
        self.format = format
        self.width = width
        self.height = height
        self.layout = layout
        self.samples = samples
    }

    /// The grey samples: copied for grey images, BT.601 luma (0.299 R + 0.587 G + 0.114 B) for colour ones.
    public var graySamples: [UInt8] {
        switch layout {
        case .gray: samples
        case .rgb: rgbToGray(samples)
        }
    }

    /// The RGB samples: copied for colour images, grey repeated three times for grey ones.
    public var rgbSamples: [UInt8] {
        switch layout {
        case .rgb: samples
        case .gray: grayToRGB(samples)
        }
    }

    /// The image as a `GrayImage`.
    public func grayImage() throws(ImageFileError) -> GrayImage {
        do {
            return try GrayImage(width: width, height: height, pixels: graySamples)
        } catch {
            throw ImageFileError(
                kind: .tooLarge, format: format, field: "image size", offset: nil,
                expected: "a size GrayImage accepts", found: error.description)
        }
    }

    /// The image as an `RGBFrame`.
    public func rgbFrame() throws(ImageFileError) -> RGBFrame {
        do {
            return try RGBFrame(width: width, height: height, pixels: rgbSamples)
        } catch {
            throw ImageFileError(
                kind: .tooLarge, format: format, field: "image size", offset: nil,
                expected: "a size RGBFrame accepts", found: error.description)
        }
    }
}

/// Each grey value repeated as R, G and B.
func grayToRGB(_ gray: [UInt8]) -> [UInt8] {
    var rgb = [UInt8](repeating: 0, count: 3 * gray.count)
    gray.withUnsafeBufferPointer { src in
        rgb.withUnsafeMutableBufferPointer { dst in
            for i in 0..<src.count {
                dst[3 * i] = src[i]
                dst[3 * i + 1] = src[i]
                dst[3 * i + 2] = src[i]
            }
        }
    }
    return rgb
}

/// BT.601 luma of packed RGB triples, rounded; equal R, G and B give that same value back.
func rgbToGray(_ rgb: [UInt8]) -> [UInt8] {
    var gray = [UInt8](repeating: 0, count: rgb.count / 3)
    rgb.withUnsafeBufferPointer { src in
        gray.withUnsafeMutableBufferPointer { dst in
            for i in 0..<dst.count {
                dst[i] = luma(red: src[3 * i], green: src[3 * i + 1], blue: src[3 * i + 2])
            }
        }
    }
    return gray
}

/// BT.601 luma: (299 R + 587 G + 114 B) / 1000, rounded.
@inline(__always)
func luma(red: UInt8, green: UInt8, blue: UInt8) -> UInt8 {
    let r: Int = 299 * Int(red)
    let g: Int = 587 * Int(green)
    let b: Int = 114 * Int(blue)
    return UInt8((r + g + b + 500) / 1000)
}

/// `value` over a white background with opacity `alpha` (0 transparent, 255 opaque), rounded.
@inline(__always)
func overWhite(_ value: Int, alpha: Int) -> UInt8 {
    let foreground: Int = value * alpha
    let background: Int = 255 * (255 - alpha)
    return UInt8((foreground + background + 127) / 255)
}
