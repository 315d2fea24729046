import Testing

@testable import Imaging

@Suite struct PixelConversionTests {
    @Test func greyWithStridePaddingDropsThePadding() throws {
        // 3×2 frame, rows 5 bytes apart; padding bytes 0xEE must not appear in the output.
        let source: [UInt8] = [1, 2, 3, 0xEE, 0xEE, 4, 5, 6, 0xEE, 0xEE]
        var out = GrayFrame()
        try source.withUnsafeBytes {
            try PixelConversion.convert(grey: $0, width: 3, height: 2, bytesPerLine: 5, into: &out)
        }
        #expect(out.width == 3 && out.height == 2 && out.stride == 3)
        #expect(out.pixels == [1, 2, 3, 4, 5, 6])
    }

    @Test func greyLastRowMayOmitItsPadding() throws {
        let source: [UInt8] = [1, 2, 0xEE, 3, 4]
        let out = try source.withUnsafeBytes {
            try PixelConversion.grayFrame(grey: $0, width: 2, height: 2, bytesPerLine: 3)
        }
        #expect(out.pixels == [1, 2, 3, 4])
    }

    @Test func yuyvGreyIsExactlyTheYPlane() throws {
        let rows: [[(y0: UInt8, u: UInt8, y1: UInt8, v: UInt8)]] = [
            [(10, 200, 20, 50), (30, 90, 40, 240)],
            [(250, 0, 0, 255), (16, 128, 235, 128)],
        ]
        let source = yuyvBuffer(rows: rows, bytesPerLine: 12)
        let out = try source.withUnsafeBytes {
            try PixelConversion.grayFrame(yuyv: $0, width: 4, height: 2, bytesPerLine: 12)
        }
        #expect(out.pixels == [10, 20, 30, 40, 250, 0, 16, 235])
    }

    /// Reference BT.601 limited-range conversion in floating point, independent of the fixed-point code.
    private func reference(y: Int, u: Int, v: Int) -> (Int, Int, Int) {
        let c = 1.164383 * Double(y - 16)
        let d = Double(u - 128)
        let e = Double(v - 128)
        func clip(_ x: Double) -> Int { Int(min(max(x.rounded(), 0), 255)) }
        return (clip(c + 1.596027 * e), clip(c - 0.391762 * d - 0.812968 * e), clip(c + 2.017232 * d))
    }

    @Test(arguments: [
        // (Y, U, V, expected R, G, B): white, black, BT.601 studio-swing red, green, blue, mid grey
        (235, 128, 128, 255, 255, 255),
        (16, 128, 128, 0, 0, 0),
        (81, 90, 240, 255, 0, 0),
        (145, 54, 34, 0, 255, 0),
        (41, 240, 110, 0, 0, 255),
        (126, 128, 128, 128, 128, 128),
    ])
    func yuyvToRGBMatchesBT601(_ sample: (Int, Int, Int, Int, Int, Int)) throws {
        let (y, u, v, r, g, b) = sample
        let source = yuyvBuffer(rows: [[(UInt8(y), UInt8(u), UInt8(y), UInt8(v))]], bytesPerLine: 4)
        let out = try source.withUnsafeBytes {
            try PixelConversion.rgbFrame(yuyv: $0, width: 2, height: 1, bytesPerLine: 4)
        }
        let ref = reference(y: y, u: u, v: v)
        for x in 0..<2 {
            let pixel = out[x, 0]
            #expect(
                abs(Int(pixel.red) - r) <= 2 && abs(Int(pixel.green) - g) <= 2 && abs(Int(pixel.blue) - b) <= 2,
                "YUV(\(y),\(u),\(v)) → \(pixel), expected (\(r),\(g),\(b))")
            #expect(
                abs(Int(pixel.red) - ref.0) <= 1 && abs(Int(pixel.green) - ref.1) <= 1
                    && abs(Int(pixel.blue) - ref.2) <= 1)
        }
    }

    @Test func yuyvToRGBUsesEachPixelsOwnLumaAndSharedChroma() throws {
        // One pair: black-level Y0 and white-level Y1 under neutral chroma, over two padded rows.
        let source = yuyvBuffer(rows: [[(16, 128, 235, 128)], [(235, 128, 16, 128)]], bytesPerLine: 8)
        let out = try source.withUnsafeBytes {
            try PixelConversion.rgbFrame(yuyv: $0, width: 2, height: 2, bytesPerLine: 8)
        }
        #expect(out.pixels == [0, 0, 0, 255, 255, 255, 255, 255, 255, 0, 0, 0])
    }

    @Test func convertingTwiceIntoTheSameOutputLeavesNoTraceOfTheFirst() throws {
        var gray = GrayFrame()
        let big = [UInt8](repeating: 200, count: 8 * 4)
        try big.withUnsafeBytes {
            try PixelConversion.convert(grey: $0, width: 8, height: 4, bytesPerLine: 8, into: &gray)
        }
        let small = yuyvBuffer(rows: [[(1, 128, 2, 128)], [(3, 128, 4, 128)]], bytesPerLine: 4)
        try small.withUnsafeBytes {
            try PixelConversion.convert(yuyv: $0, width: 2, height: 2, bytesPerLine: 4, into: &gray)
        }
        #expect(gray.width == 2 && gray.height == 2)
        #expect(gray.pixels == [1, 2, 3, 4])

        var rgb = RGBFrame()
        let white = yuyvBuffer(
            rows: Array(repeating: Array(repeating: (235, 128, 235, 128), count: 3), count: 3), bytesPerLine: 12)
        try white.withUnsafeBytes {
            try PixelConversion.convert(yuyv: $0, width: 6, height: 3, bytesPerLine: 12, into: &rgb)
        }
        let black = yuyvBuffer(rows: [[(16, 128, 16, 128)]], bytesPerLine: 4)
        try black.withUnsafeBytes {
            try PixelConversion.convert(yuyv: $0, width: 2, height: 1, bytesPerLine: 4, into: &rgb)
        }
        #expect(rgb.width == 2 && rgb.height == 1)
        #expect(rgb.pixels == [0, 0, 0, 0, 0, 0])
    }

    @Test func oddYUYVWidthNamesWidth() {
        let source = [UInt8](repeating: 0, count: 64)
        let error = #expect(throws: FrameValidationError.self) {
            try source.withUnsafeBytes { try PixelConversion.grayFrame(yuyv: $0, width: 3, height: 2, bytesPerLine: 8) }
        }
        #expect(error?.field == .width)
        #expect(error?.expected.contains("even") == true)
    }

    @Test func bytesPerLineTooSmallNamesBytesPerLine() {
        let source = [UInt8](repeating: 0, count: 64)
        let error = #expect(throws: FrameValidationError.self) {
            try source.withUnsafeBytes { try PixelConversion.rgbFrame(yuyv: $0, width: 4, height: 2, bytesPerLine: 6) }
        }
        #expect(error?.field == .bytesPerLine)
        #expect(error?.value == 6)
    }

    @Test func shortSourceNamesSourceLength() {
        let source = [UInt8](repeating: 0, count: 9)
        let error = #expect(throws: FrameValidationError.self) {
            try source.withUnsafeBytes { try PixelConversion.grayFrame(grey: $0, width: 4, height: 3, bytesPerLine: 4) }
        }
        #expect(error?.field == .sourceLength)
        #expect(
            error?.description == "invalid sourceLength 9: expected at least 12 bytes (bytesPerLine 4 × 2 rows + 4)")
    }

    @Test func failedConversionLeavesTheOutputUntouched() throws {
        var out = try GrayFrame(width: 2, height: 1, filledWith: 7)
        let source = [UInt8](repeating: 0, count: 1)
        #expect(throws: FrameValidationError.self) {
            try source.withUnsafeBytes {
                try PixelConversion.convert(grey: $0, width: 2, height: 1, bytesPerLine: 2, into: &out)
            }
        }
        #expect(out.pixels == [7, 7])
    }
}
