/// Conversions from borrowed raw camera buffers into reusable frames; the source is read in place, never copied.
public enum PixelConversion {
    /// Copies a GREY buffer (rows `bytesPerLine` apart) into `output`, dropping row padding.
    public static func convert(
        grey source: UnsafeRawBufferPointer, width: Int, height: Int, bytesPerLine: Int, into output: inout GrayFrame
    ) throws(FrameValidationError) {
        try validateRawSource(source, format: .grey, width: width, height: height, bytesPerLine: bytesPerLine)
        output.reshape(width: width, height: height)
        output.withUnsafeMutablePixels { dst in
            let dstBase = UnsafeMutableRawPointer(dst.baseAddress!)
            let srcBase = source.baseAddress!
            for y in 0..<height {
                (dstBase + y * width).copyMemory(from: srcBase + y * bytesPerLine, byteCount: width)
            }
        }
    }

    /// Extracts the Y (luma) plane of a YUYV 4:2:2 buffer into `output`.
    public static func convert(
        yuyv source: UnsafeRawBufferPointer, width: Int, height: Int, bytesPerLine: Int, into output: inout GrayFrame
    ) throws(FrameValidationError) {
        try validateRawSource(source, format: .yuyv, width: width, height: height, bytesPerLine: bytesPerLine)
        output.reshape(width: width, height: height)
        let src = source.bindMemory(to: UInt8.self)
        output.withUnsafeMutablePixels { dst in
            for y in 0..<height {
                let row = y * bytesPerLine
                let out = y * width
                for x in 0..<width {
                    dst[out + x] = src[row + 2 * x]
                }
            }
        }
    }

    /// Converts a YUYV 4:2:2 buffer to interleaved RGB in `output` (BT.601 limited range, integer arithmetic).
    public static func convert(
        yuyv source: UnsafeRawBufferPointer, width: Int, height: Int, bytesPerLine: Int, into output: inout RGBFrame
    ) throws(FrameValidationError) {
        try validateRawSource(source, format: .yuyv, width: width, height: height, bytesPerLine: bytesPerLine)
        output.reshape(width: width, height: height)
        let src = source.bindMemory(to: UInt8.self)
        output.withUnsafeMutablePixels { dst in
            for y in 0..<height {
                var i = y * bytesPerLine
                var o = y * 3 * width
                for _ in 0..<(width / 2) {
                    let u = Int32(src[i + 1]) - 128
                    let v = Int32(src[i + 3]) - 128
                    let chroma = BT601Chroma(u: u, v: v)
                    chroma.write(luma: src[i], into: dst, at: o)
                    chroma.write(luma: src[i + 2], into: dst, at: o + 3)
                    i += 4
                    o += 6
                }
            }
        }
    }

    /// The Y plane of a YUYV buffer as a new frame.
    public static func grayFrame(
        yuyv source: UnsafeRawBufferPointer, width: Int, height: Int, bytesPerLine: Int
    ) throws(FrameValidationError) -> GrayFrame {
        var out = GrayFrame()
        try convert(yuyv: source, width: width, height: height, bytesPerLine: bytesPerLine, into: &out)
        return out
    }

    /// A GREY buffer as a new frame.
    public static func grayFrame(
        grey source: UnsafeRawBufferPointer, width: Int, height: Int, bytesPerLine: Int
    ) throws(FrameValidationError) -> GrayFrame {
        var out = GrayFrame()
        try convert(grey: source, width: width, height: height, bytesPerLine: bytesPerLine, into: &out)
        return out
    }

    /// A YUYV buffer as a new RGB frame.
    public static func rgbFrame(
        yuyv source: UnsafeRawBufferPointer, width: Int, height: Int, bytesPerLine: Int
    ) throws(FrameValidationError) -> RGBFrame {
        var out = RGBFrame()
        try convert(yuyv: source, width: width, height: height, bytesPerLine: bytesPerLine, into: &out)
        return out
    }
}
