import ImageFiles
import Imaging

/// Times one source format's conversion on a synthetic frame, for `make bench`.
enum ConversionBenchmark {
    /// What the benchmark converts to.
    enum Output: Sendable {
        case gray, rgb
    }

    /// Mean time per frame to convert a synthetic `width`×`height` `format` frame into a reused `output` frame,
    /// measured with `clock` over `iterations` conversions (at least 1). GREY has no RGB path and always converts to grey.
    static func run(
        format: PixelFormat, width: Int, height: Int, iterations: Int,
        output: Output = .gray, clock: any Clock<Duration> = ContinuousClock()
    ) throws -> Duration {
        _ = try GrayFrame(width: width, height: height, filledWith: 0)  // validates the size before allocating
        let iterations = max(iterations, 1)
        let scene = try syntheticScene(width: width, height: height)
        switch format {
        case .grey:
            var out = GrayFrame()
            return try timed(clock, iterations) {
                try scene.pixels.withUnsafeBytes { src in
                    try PixelConversion.convert(
                        grey: src, width: width, height: height, bytesPerLine: width, into: &out)
                }
            }
        case .yuyv:
            let even = width & ~1
            _ = try GrayFrame(width: even, height: height, filledWith: 0)
            let yuyv = syntheticYUYV(scene, width: even)
            var gray = GrayFrame()
            var rgb = RGBFrame()
            return try timed(clock, iterations) {
                try yuyv.withUnsafeBytes { src in
                    switch output {
                    case .gray:
                        try PixelConversion.convert(
                            yuyv: src, width: even, height: height, bytesPerLine: 2 * even, into: &gray)
                    case .rgb:
                        try PixelConversion.convert(
                            yuyv: src, width: even, height: height, bytesPerLine: 2 * even, into: &rgb)
                    }
                }
            }
        case .mjpeg:
            let jpeg = try JPEGEncoder().encode(scene, quality: 85)
            let decoder = try JPEGDecoder()
            var gray = GrayFrame()
            var rgb = RGBFrame()
            return try timed(clock, iterations) {
                try jpeg.withUnsafeBytes { src in
                    switch output {
                    case .gray: _ = try decoder.decode(src, into: &gray)
                    case .rgb: _ = try decoder.decode(src, into: &rgb)
                    }
                }
            }
        }
    }

    private static func timed(
        _ clock: any Clock<Duration>, _ iterations: Int, _ body: () throws -> Void
    ) throws -> Duration {
        try body()  // warm-up: sizes the reused output
        let total = try clock.measure {
            for _ in 0..<iterations { try body() }
        }
        return total / iterations
    }

    /// A gradient with a checkerboard, so JPEG has real detail to code.
    private static func syntheticScene(width: Int, height: Int) throws -> GrayFrame {
        var pixels = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let checker = ((x / 8) + (y / 8)) % 2 == 0 ? 40 : 0
                pixels[y * width + x] = UInt8((x * 200 / max(width - 1, 1) + checker) & 0xFF)
            }
        }
        return try GrayFrame(width: width, height: height, pixels: pixels)
    }

    private static func syntheticYUYV(_ scene: GrayFrame, width: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 128, count: 2 * width * scene.height)
        for y in 0..<scene.height {
            for x in 0..<width {
                bytes[2 * (y * width + x)] = scene[x, y]
            }
        }
        return bytes
    }
}
