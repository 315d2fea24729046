import Biometrics
import Foundation
import Imaging
import Minutiae
import Testing

@Suite("Extraction on unusable input")
struct ExtractionInputTests {
    typealias Support = ExtractionTestSupport

    @Test("uniform images give no minutiae and quality 0", arguments: [0, 17, 128, 255] as [UInt8])
    func uniform(value: UInt8) throws {
        let image = try GrayImage(width: 256, height: 288, pixels: [UInt8](repeating: value, count: 256 * 288))
        let result = try Support.extractor.extract(image)
        #expect(result.minutiae.isEmpty)
        #expect(result.quality == 0)
    }

    @Test("random noise gives few minutiae", arguments: [1, 2, 3] as [UInt64])
    func noise(seed: UInt64) throws {
        let result = try Support.extractor.extract(try Support.noise(width: 256, height: 288, seed: seed))
        #expect(result.minutiae.count <= 5, "\(result.minutiae.count) minutiae in noise")
    }

    @Test("a smooth gradient and a single edge give no minutiae")
    func gradients() throws {
        let ramp = try GrayImage(width: 200, height: 200, pixels: (0..<40_000).map { UInt8(($0 % 200) * 255 / 199) })
        #expect(try Support.extractor.extract(ramp).minutiae.isEmpty)
        let edge = try GrayImage(width: 200, height: 200, pixels: (0..<40_000).map { $0 % 200 < 100 ? 20 : 230 })
        #expect(try Support.extractor.extract(edge).minutiae.isEmpty)
    }

    @Test("parallel straight ridges have no endings or bifurcations inside")
    func straightRidges() throws {
        let pixels = (0..<(240 * 240)).map { i -> UInt8 in
            let x = Double(i % 240)
            let y = Double(i / 240)
            let phase: Double = 2 * Double.pi * (0.8 * x + 0.6 * y) / 9
            return UInt8(128 + 100 * cos(phase))
        }
        let result = try Support.extractor.extract(try GrayImage(width: 240, height: 240, pixels: pixels))
        #expect(result.minutiae.count <= 2, "\(result.minutiae.count) minutiae on straight ridges")
        #expect(result.quality > 50)
    }

    @Test(
        "odd shapes and resolutions of ridge-like images are processed without trouble",
        arguments: [(64, 64, 197), (64, 700, 197), (700, 64, 197), (130, 150, 98), (333, 97, 300)])
    func oddShapes(shape: (Int, Int, Int)) throws {
        let (width, height, ppcm) = shape
        let pixels = (0..<(width * height)).map { i -> UInt8 in
            let x = Double(i % width)
            let y = Double(i / width)
            let phase: Double = 2 * Double.pi * (x + 0.3 * y + 0.002 * x * y) / 9 * Double(ppcm) / 197
            return UInt8(128 + 90 * sin(phase))
        }
        let result = try Support.extractor.extract(
            try GrayImage(width: width, height: height, pixels: pixels),
            pixelsPerCentimetre: ppcm)
        #expect(result.width == width && result.height == height && result.pixelsPerCentimetre == ppcm)
        for m in result.minutiae {
            #expect((0..<width).contains(m.x) && (0..<height).contains(m.y))
        }
    }

    @Test("tiny images get an error naming the size", arguments: [(10, 10), (63, 300), (300, 40), (1, 1)])
    func tiny(size: (Int, Int)) throws {
        let image = try GrayImage(width: size.0, height: size.1, pixels: [UInt8](repeating: 90, count: size.0 * size.1))
        #expect(throws: MinutiaeExtractionError.imageTooSmall(width: size.0, height: size.1, minimumSide: 64)) {
            try Support.extractor.extract(image)
        }
    }

    @Test("a low-resolution image that becomes too small at 500 dpi is refused")
    func tooSmallAfterScaling() throws {
        let image = try GrayImage(width: 70, height: 90, pixels: [UInt8](repeating: 90, count: 6_300))
        #expect(throws: MinutiaeExtractionError.imageTooSmall(width: 55, height: 71, minimumSide: 64)) {
            try Support.extractor.extract(image, pixelsPerCentimetre: 250)
        }
        do {
            _ = try Support.extractor.extract(image, pixelsPerCentimetre: 250)
        } catch {
            #expect(error.description.contains("image size") && error.description.contains("55×71"))
        }
    }

    @Test("images larger than any finger are refused before any work, also when upscaling")
    func tooLarge() throws {
        let wide = try GrayImage(width: 2100, height: 100, pixels: [UInt8](repeating: 90, count: 210_000))
        #expect(throws: MinutiaeExtractionError.imageTooLarge(width: 2100, height: 100, maximumSide: 2048)) {
            try Support.extractor.extract(wide)
        }
        // 600 × 197 / 49 = 2412.2 pixels at 500 dpi.
        let lowResolution = try GrayImage(width: 600, height: 500, pixels: [UInt8](repeating: 90, count: 300_000))
        #expect(throws: MinutiaeExtractionError.imageTooLarge(width: 2412, height: 2010, maximumSide: 2048)) {
            try Support.extractor.extract(lowResolution, pixelsPerCentimetre: 49)
        }
    }

    @Test("resolutions outside the supported range are refused", arguments: [0, -5, 30, 5000])
    func badResolution(ppcm: Int) throws {
        let image = try GrayImage(width: 100, height: 100, pixels: [UInt8](repeating: 90, count: 10_000))
        #expect(
            throws: MinutiaeExtractionError.unsupportedResolution(
                pixelsPerCentimetre: ppcm, supported: MinutiaeExtractor.supportedResolutions)
        ) {
            try Support.extractor.extract(image, pixelsPerCentimetre: ppcm)
        }
    }
}
