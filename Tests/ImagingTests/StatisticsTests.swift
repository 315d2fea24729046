import ImageFiles
import SharedTestData
import Testing

@testable import Imaging

@Suite struct StatisticsTests {
    @Test func brightnessOfAKnownFrame() throws {
        // 100 pixels: 98 at 10, one at 50, one at 250 → mean 12.8, 99th percentile 50, max 250.
        var pixels = [UInt8](repeating: 10, count: 100)
        pixels[3] = 50
        pixels[77] = 250
        let stats = BrightnessStatistics(try GrayFrame(width: 10, height: 10, pixels: pixels))
        #expect(abs(stats.mean - 12.8) < 1e-9)
        #expect(stats.percentile99 == 50)
        #expect(stats.maximum == 250)
    }

    @Test func brightnessIgnoresStridePadding() throws {
        let frame = try GrayFrame(width: 2, height: 2, stride: 3, pixels: [4, 8, 255, 4, 8, 255])
        let stats = BrightnessStatistics(frame)
        #expect(stats.mean == 6)
        #expect(stats.maximum == 8)
    }

    @Test func allBlackFrameIsDark() throws {
        let black = try GrayFrame(width: 640, height: 480, filledWith: 0)
        #expect(DarkFrameDetector().isDark(black))
    }

    @Test func noisyBlackFrameIsDark() throws {
        // Sensor black level with noise: values 0...12 in a fixed pseudo-random pattern.
        var frame = try GrayFrame(width: 160, height: 120)
        var state: UInt32 = 12345
        for y in 0..<120 {
            for x in 0..<160 {
                state = state &* 1_103_515_245 &+ 12345
                frame[x, y] = UInt8((state >> 16) % 13)
            }
        }
        #expect(DarkFrameDetector().isDark(frame))
        #expect(!DarkFrameDetector(meanBelow: 16, percentile99Below: 10).isDark(frame))
    }

    @Test func dimFrameWithABrightRegionIsNotDark() throws {
        // Mean stays low but over 1 % of pixels are bright (a lit face in an otherwise dark scene).
        var frame = try GrayFrame(width: 100, height: 100, filledWith: 5)
        for y in 40..<60 { for x in 40..<50 { frame[x, y] = 200 } }
        let stats = BrightnessStatistics(frame)
        #expect(stats.mean < 16)
        #expect(!DarkFrameDetector().isDark(stats))
    }

    @Test(.enabled(if: SharedData.isPresent, SharedData.skipMessage))
    func realFaceIsNotDark() throws {
        let face = try PGM.read(contentsOf: SharedData.orl(2, 3))
        #expect(!DarkFrameDetector().isDark(face))
        #expect(BrightnessStatistics(face).mean > 40)
    }

    @Test(.enabled(if: SharedData.isPresent, SharedData.skipMessage))
    func originalFaceIsSharperThanItsBlur() throws {
        for subject in [1, 5, 9] {
            let face = try PGM.read(contentsOf: SharedData.orl(subject, 1))
            let blurred = try boxBlurred(face)
            let original = Sharpness.laplacianVariance(face)
            let soft = Sharpness.laplacianVariance(blurred)
            #expect(original > 2 * soft, "s\(subject): original \(original), blurred \(soft)")
        }
    }

    @Test func syntheticEdgesAreSharperThanTheirBlur() throws {
        var frame = try GrayFrame(width: 64, height: 64)
        for y in 0..<64 { for x in 0..<64 { frame[x, y] = ((x / 4) + (y / 4)) % 2 == 0 ? 220 : 30 } }
        let sharp = Sharpness.laplacianVariance(frame, step: 1)
        let soft = Sharpness.laplacianVariance(try boxBlurred(frame), step: 1)
        #expect(sharp > soft)
    }

    @Test func flatFrameHasZeroSharpness() throws {
        #expect(Sharpness.laplacianVariance(try GrayFrame(width: 32, height: 32, filledWith: 90)) == 0)
        #expect(Sharpness.laplacianVariance(try GrayFrame(width: 2, height: 2, filledWith: 90)) == 0)
    }

    @Test func emptyFrameMeasuresZero() {
        let stats = BrightnessStatistics(GrayFrame())
        #expect(stats.mean == 0 && stats.percentile99 == 0)
    }
}
