import Imaging

/// Scales a colour frame to fit a fixed size (default 640×480) keeping its aspect ratio, centred on black.
public enum VGAFrameMaker {
    /// `frame` letterboxed into `width × height`: area-averaged when shrinking, bilinear when enlarging.
    public static func letterbox(_ frame: RGBFrame, width: Int = 640, height: Int = 480) throws(FaceBenchmarkError)
        -> RGBFrame
    {
        guard frame.width > 0, frame.height > 0, width > 0, height > 0 else {
            throw FaceBenchmarkError(
                stage: "resize", subject: "frame",
                detail: "expected non-empty sizes, found \(frame.width)×\(frame.height) → \(width)×\(height)")
        }
        let scale = min(Double(width) / Double(frame.width), Double(height) / Double(frame.height))
        let scaledWidth = max(1, min(width, Int((Double(frame.width) * scale).rounded())))
        let scaledHeight = max(1, min(height, Int((Double(frame.height) * scale).rounded())))
        let offsetX = (width - scaledWidth) / 2
        let offsetY = (height - scaledHeight) / 2
        var out = [UInt8](repeating: 0, count: width * height * 3)
        let sx = Double(frame.width) / Double(scaledWidth)
        let sy = Double(frame.height) / Double(scaledHeight)
        frame.pixels.withUnsafeBufferPointer { src in
            for y in 0..<scaledHeight {
                for x in 0..<scaledWidth {
                    let rgb =
                        scale < 1
                        ? areaAverage(
                            src, frame, x0: Double(x) * sx, y0: Double(y) * sy, x1: Double(x + 1) * sx,
                            y1: Double(y + 1) * sy)
                        : bilinear(src, frame, x: (Double(x) + 0.5) * sx - 0.5, y: (Double(y) + 0.5) * sy - 0.5)
                    let o = ((y + offsetY) * width + x + offsetX) * 3
                    out[o] = rgb.0
                    out[o + 1] = rgb.1
                    out[o + 2] = rgb.2
                }
            }
        }
        do {
            return try RGBFrame(width: width, height: height, pixels: out)
        } catch {
            throw FaceBenchmarkError(stage: "resize", subject: "frame", detail: "\(error)")
        }
    }

    /// Mean colour of the source rectangle [x0, x1) × [y0, y1), each source pixel weighted by its overlap.
    private static func areaAverage(
        _ src: UnsafeBufferPointer<UInt8>, _ frame: RGBFrame, x0: Double, y0: Double, x1: Double, y1: Double
    ) -> (UInt8, UInt8, UInt8) {
        var sum = (0.0, 0.0, 0.0)
        var total = 0.0
        for py in Int(y0)..<min(Int(y1.rounded(.up)), frame.height) {
            let wy = min(Double(py + 1), y1) - max(Double(py), y0)
            guard wy > 0 else { continue }
            for px in Int(x0)..<min(Int(x1.rounded(.up)), frame.width) {
                let w = wy * (min(Double(px + 1), x1) - max(Double(px), x0))
                guard w > 0 else { continue }
                let i = py * frame.stride + 3 * px
                sum.0 += w * Double(src[i])
                sum.1 += w * Double(src[i + 1])
                sum.2 += w * Double(src[i + 2])
                total += w
            }
        }
        return (byte(sum.0 / total), byte(sum.1 / total), byte(sum.2 / total))
    }

    /// Bilinear sample at (x, y), clamped to the frame.
    private static func bilinear(_ src: UnsafeBufferPointer<UInt8>, _ frame: RGBFrame, x: Double, y: Double) -> (
        UInt8, UInt8, UInt8
    ) {
        let cx = min(max(x, 0), Double(frame.width - 1))
        let cy = min(max(y, 0), Double(frame.height - 1))
        let x0 = Int(cx)
        let y0 = Int(cy)
        let x1 = min(x0 + 1, frame.width - 1)
        let y1 = min(y0 + 1, frame.height - 1)
        let fx = cx - Double(x0)
        let fy = cy - Double(y0)
        func channel(_ c: Int) -> UInt8 {
            func at(_ px: Int, _ py: Int) -> Double { Double(src[py * frame.stride + 3 * px + c]) }
            let top = at(x0, y0) * (1 - fx) + at(x1, y0) * fx
            let bottom = at(x0, y1) * (1 - fx) + at(x1, y1) * fx
            return byte(top * (1 - fy) + bottom * fy)
        }
        return (channel(0), channel(1), channel(2))
    }

    private static func byte(_ value: Double) -> UInt8 { UInt8(min(max(value.rounded(), 0), 255)) }
}
