import Foundation
import Imaging
import SharedTestData
import Testing

@testable import ImageFiles

@Suite struct JPEGTests {
    /// Quality 90 keeps most DCT detail: for 8-bit natural images it typically gives ~38-45 dB. A decoder writing with
    /// the wrong stride, channel order or pixel format lands far below 30 dB, so 35 dB (grey) separates right from wrong
    /// with margin. RGB is compared on all three channels after 4:2:2 chroma subsampling, which costs a few dB on
    /// colour edges, hence 32 dB there.
    static let grayPSNRThreshold = 35.0
    static let rgbPSNRThreshold = 32.0

    @Test(.enabled(if: SharedData.isPresent, SharedData.skipMessage))
    func greyORLFaceRoundTripsAboveThreshold() throws {
        let face = try PGM.read(contentsOf: SharedData.orl(1, 1))
        let jpeg = try JPEGEncoder().encode(face, quality: 90)
        #expect(sofDimensions(jpeg)! == (92, 112))
        let decoded = try JPEGDecoder().decodeGray(jpeg)
        #expect(decoded.status == .intact)
        #expect(decoded.frame.width == 92 && decoded.frame.height == 112)
        let quality = psnr(face.pixels, decoded.frame.pixels)
        #expect(quality > Self.grayPSNRThreshold, "PSNR \(quality) dB")
    }

    @Test(.enabled(if: SharedData.isPresent, SharedData.skipMessage))
    func colourPhotoRoundTripsAboveThreshold() throws {
        let decoder = try JPEGDecoder()
        let original = try decoder.decodeRGB(try SharedData.example("obama-240p.jpg")).frame
        let jpeg = try JPEGEncoder().encode(original, quality: 90, subsampling: .horizontal422)
        let again = try decoder.decodeRGB(jpeg)
        #expect(again.status == .intact)
        #expect(again.frame.width == original.width && again.frame.height == original.height)
        let quality = psnr(original.pixels, again.frame.pixels)
        #expect(quality > Self.rgbPSNRThreshold, "PSNR \(quality) dB")
    }

    @Test(.enabled(if: SharedData.isPresent, SharedData.skipMessage))
    func realPhotoDecodesToTheSizeInItsFrameHeader() throws {
        let bytes = try SharedData.example("obama-480p.jpg")
        let sof = try #require(sofDimensions(bytes))
        let decoder = try JPEGDecoder()
        let rgb = try decoder.decodeRGB(bytes)
        #expect(rgb.status == .intact)
        #expect(rgb.frame.width == sof.width && rgb.frame.height == sof.height)
        #expect(rgb.frame.height == 480)
        let gray = try decoder.decodeGray(bytes)
        #expect(gray.frame.width == sof.width && gray.frame.height == sof.height)
        // Grey decode is the luma of the colour decode: a plain luma estimate from RGB must be close on average.
        var difference = 0
        for y in Swift.stride(from: 0, to: sof.height, by: 7) {
            for x in Swift.stride(from: 0, to: sof.width, by: 7) {
                let p = rgb.frame[x, y]
                let luma = (299 * Int(p.red) + 587 * Int(p.green) + 114 * Int(p.blue) + 500) / 1000
                difference += abs(luma - Int(gray.frame[x, y]))
            }
        }
        let samples = ((sof.height + 6) / 7) * ((sof.width + 6) / 7)
        #expect(Double(difference) / Double(samples) < 3)
    }

    private func syntheticJPEG() throws -> (GrayFrame, [UInt8]) {
        var pixels = [UInt8](repeating: 0, count: 64 * 48)
        for y in 0..<48 { for x in 0..<64 { pixels[y * 64 + x] = UInt8((x * 4 + y * 2) & 0xFF) } }
        let frame = try GrayFrame(width: 64, height: 48, pixels: pixels)
        return (frame, try JPEGEncoder().encode(frame, quality: 95))
    }

    @Test func truncatedJPEGIsReportedDamagedWithTheImage() throws {
        let (_, jpeg) = try syntheticJPEG()
        let cut = Array(jpeg[..<(jpeg.count * 2 / 3)])
        let result = try JPEGDecoder().decodeGray(cut)
        guard case .damaged(let frame, let warning) = result else {
            Issue.record("expected .damaged, got \(result.status)")
            return
        }
        #expect(frame.width == 64 && frame.height == 48)
        #expect(!warning.isEmpty)
        #expect(warning.lowercased().contains("premature end"), "warning: \(warning)")
    }

    @Test func garbageIsAnUnreadableHeaderWithLibjpegsMessage() throws {
        let garbage: [UInt8] = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let error = #expect(throws: JPEGError.self) { try JPEGDecoder().decodeGray(garbage) }
        guard case .unreadableHeader(let message) = error else {
            Issue.record("expected .unreadableHeader, got \(String(describing: error))")
            return
        }
        #expect(!message.isEmpty)
    }

    @Test func inputCutBeforeTheFrameHeaderIsUnreadable() throws {
        let (_, jpeg) = try syntheticJPEG()
        // Cut inside the headers (before any SOF): nothing can be decoded.
        let error = #expect(throws: JPEGError.self) { try JPEGDecoder().decodeRGB(Array(jpeg[..<20])) }
        #expect(error == .unreadableHeader("no frame header (SOF marker) in 20 bytes"))
    }

    @Test func headerLargerThanThePixelLimitIsRefusedBeforeDecoding() throws {
        let jpeg = try JPEGEncoder().encode(try GrayFrame(width: 64, height: 48), quality: 50)
        let decoder = try JPEGDecoder(maximumPixelCount: 64 * 47)
        #expect(throws: JPEGError.unsupportedDimensions(width: 64, height: 48)) { try decoder.decodeGray(jpeg) }
        #expect(try JPEGDecoder(maximumPixelCount: 64 * 48).decodeGray(jpeg).frame.width == 64)
    }

    @Test func emptyInputIsEmptyInput() throws {
        #expect(throws: JPEGError.emptyInput) { try JPEGDecoder().decodeGray([UInt8]()) }
    }

    @Test func corruptedScanDataIsDamagedOrFatalNeverACrash() throws {
        let (original, jpeg) = try syntheticJPEG()
        var corrupted = jpeg
        // Overwrite the middle of the entropy-coded data with markers that are not allowed there.
        let middle = corrupted.count / 2
        for i in middle..<(middle + 16) { corrupted[i] = i % 2 == 0 ? 0xFF : 0xD9 }
        do {
            let result = try JPEGDecoder().decodeGray(corrupted)
            guard case .damaged(let frame, _) = result else {
                Issue.record("corrupted scan decoded as intact")
                return
            }
            #expect(frame.width == original.width && frame.height == original.height)
        } catch {
            guard case .fatal(let message) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(!message.isEmpty)
        }
    }

    @Test func decodingIntoAReusedFrameReplacesItEntirely() throws {
        let (small, smallJPEG) = try syntheticJPEG()
        let bigFrame = try GrayFrame(width: 160, height: 120, filledWith: 255)
        let bigJPEG = try JPEGEncoder().encode(bigFrame, quality: 90)
        let decoder = try JPEGDecoder()
        var out = GrayFrame()
        try bigJPEG.withUnsafeBytes { _ = try decoder.decode($0, into: &out) }
        #expect(out.width == 160 && out.pixels.allSatisfy { $0 >= 250 })
        let status = try smallJPEG.withUnsafeBytes { try decoder.decode($0, into: &out) }
        #expect(status == .intact)
        #expect(out.width == 64 && out.height == 48 && out.pixels.count == 64 * 48)
        #expect(psnr(small.pixels, out.pixels) > Self.grayPSNRThreshold)
    }

    @Test func dimensionsReadsTheHeaderOnly() throws {
        let (_, jpeg) = try syntheticJPEG()
        let size = try jpeg.withUnsafeBytes { try JPEGDecoder().dimensions(of: $0) }
        #expect(size == (64, 48))
        #expect(sofDimensions(jpeg)! == (64, 48))
    }

    @Test func qualityOutsideRangeIsRejected() throws {
        let frame = try GrayFrame(width: 8, height: 8)
        #expect(throws: JPEGError.invalidQuality(0)) { try JPEGEncoder().encode(frame, quality: 0) }
        #expect(throws: JPEGError.invalidQuality(101)) { try JPEGEncoder().encode(frame, quality: 101) }
    }

    @Test func higherQualityGivesLargerFilesAndBetterFidelity() throws {
        let (frame, _) = try syntheticJPEG()
        let encoder = try JPEGEncoder()
        let low = try encoder.encode(frame, quality: 10)
        let high = try encoder.encode(frame, quality: 95)
        #expect(low.count < high.count)
        let decoder = try JPEGDecoder()
        let lowPSNR = psnr(frame.pixels, try decoder.decodeGray(low).frame.pixels)
        let highPSNR = psnr(frame.pixels, try decoder.decodeGray(high).frame.pixels)
        #expect(lowPSNR < highPSNR)
    }

    @Test func paddedGreyFrameEncodesWithoutItsPadding() throws {
        // Stride 10 for 8-pixel rows; padding 0 vs. pixels 180 would show as dark columns if the pitch were ignored.
        var pixels = [UInt8](repeating: 0, count: 10 * 8)
        for y in 0..<8 { for x in 0..<8 { pixels[y * 10 + x] = 180 } }
        let frame = try GrayFrame(width: 8, height: 8, stride: 10, pixels: pixels)
        let decoded = try JPEGDecoder().decodeGray(try JPEGEncoder().encode(frame, quality: 95)).frame
        #expect(decoded.width == 8)
        #expect(decoded.pixels.allSatisfy { abs(Int($0) - 180) <= 2 })
    }
}
