import Testing

@testable import Imaging

@Suite struct FrameValidationTests {
    @Test func validGrayFrameKeepsItsLayout() throws {
        let frame = try GrayFrame(width: 3, height: 2, stride: 4, pixels: [1, 2, 3, 0, 4, 5, 6, 0])
        #expect(frame.width == 3 && frame.height == 2 && frame.stride == 4)
        #expect(frame[2, 1] == 6)
        #expect(frame.packed().pixels == [1, 2, 3, 4, 5, 6])
    }

    @Test func zeroWidthNamesWidth() {
        #expect(throws: FrameValidationError(field: .width, value: 0, expected: "1...\(maximumFrameDimension)")) {
            try GrayFrame(width: 0, height: 2, pixels: [])
        }
    }

    @Test func negativeHeightNamesHeight() {
        let error = #expect(throws: FrameValidationError.self) { try RGBFrame(width: 2, height: -1, pixels: []) }
        #expect(error?.field == .height)
        #expect(error?.description.contains("height -1") == true)
    }

    @Test func strideNarrowerThanRowNamesStride() {
        let gray = #expect(throws: FrameValidationError.self) {
            try GrayFrame(width: 4, height: 1, stride: 3, pixels: [0, 0, 0])
        }
        #expect(gray?.field == .stride)
        let rgb = #expect(throws: FrameValidationError.self) {
            try RGBFrame(width: 2, height: 1, stride: 5, pixels: [UInt8](repeating: 0, count: 5))
        }
        #expect(rgb?.field == .stride)
        #expect(rgb?.expected.contains("3 × width (6)") == true)
    }

    @Test func wrongPixelCountNamesPixelsAndTheExpectedSize() {
        let error = #expect(throws: FrameValidationError.self) {
            try GrayFrame(width: 2, height: 2, stride: 3, pixels: [0, 0, 0, 0])
        }
        #expect(error?.field == .pixels)
        #expect(error?.value == 4)
        #expect(error?.expected.hasPrefix("6 bytes") == true)
    }

    @Test func oversizedDimensionIsRejected() {
        let error = #expect(throws: FrameValidationError.self) {
            try GrayFrame(width: maximumFrameDimension + 1, height: 1)
        }
        #expect(error?.field == .width)
    }

    @Test func filledRGBFrameHasTheColourEverywhere() throws {
        let frame = try RGBFrame(width: 3, height: 2, red: 10, green: 20, blue: 30)
        #expect(frame.pixels.count == 18)
        #expect(frame[2, 1] == (10, 20, 30))
    }

    @Test func fourCCRoundTrips() {
        #expect(PixelFormat.yuyv.fourCC == 0x5659_5559)  // 'Y','U','Y','V' little-endian
        for format in PixelFormat.allCases { #expect(PixelFormat(fourCC: format.fourCC) == format) }
        #expect(PixelFormat(fourCC: 0) == nil)
    }
}
