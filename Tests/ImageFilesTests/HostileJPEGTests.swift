import CTurboJPEG
import HostileImages
import Imaging
import SharedTestData
import Testing

@testable import ImageFiles

/// Crafted JPEGs: the scan bomb (thousands of valid end-of-band scans, seconds of decoding without a scan limit)
/// and size claims, on both JPEG paths (`ImageFile` for files and photos, `JPEGDecoder` for camera frames).
@Suite struct HostileJPEGTests {
    /// The bomb: a 12-megapixel progressive photo with 4,000 extra scans (about 210 KB).
    static let scanBomb = HostileImage.progressiveScanBomb()

    @Test func scanBombIsRefusedByTheScanBudgetBeforeDecoding() throws {
        for limits in [ImageLimits.standard, .photo] {
            let error = try #require(decodeError(Self.scanBomb, limits: limits))
            #expect(error.kind == .overBudget, "\(error)")
            #expect(error.field == "scans (SOS markers)")
            #expect(error.expected == "at most \(limits.maxJPEGScans) (ImageLimits.maxJPEGScans)")
            #expect(error.found == "4010")
        }
    }

    /// A progressive frame makes libjpeg-turbo hold every coefficient at once (here 4:2:0, 3 bytes a pixel): the
    /// decoded-bytes budget counts them with the output, so a 442-byte header claiming 25 megapixels cannot make
    /// the decoder take hundreds of MB.
    @Test func progressiveCoefficientsCountAgainstTheDecodedBudget() throws {
        let progressive = HostileImage.progressiveScanBomb(width: 64, height: 48, extraScans: 0)
        let output = 64 * 48 * 3
        var limits = ImageLimits.standard
        limits.maxDecodedBytes = output + JPEGDecoder.coefficientBytes(64, 48, Int32(TJSAMP_420.rawValue))
        #expect(try ImageFile.decode(progressive, limits: limits).width == 64)
        limits.maxDecodedBytes -= 1
        let error = try #require(decodeError(progressive, limits: limits))
        #expect(error.kind == .tooLarge && error.found == "64×48", "\(error)")
        #expect(JPEGDecoder.coefficientBytes(64, 48, Int32(TJSAMP_420.rawValue)) == 64 * 48 * 3)
    }

    /// At VGA, so that the frame's size (its progressive coefficients included) fits the camera's budget and the
    /// scan count is what refuses it.
    @Test func cameraDecoderRefusesTheScanBombToo() throws {
        let scanBomb = HostileImage.progressiveScanBomb(width: 640, height: 480)
        let decoder = try JPEGDecoder()
        #expect(throws: JPEGError.tooManyScans(limit: ImageLimits.cameraFrame.maxJPEGScans, found: 4010)) {
            try decoder.decodeGray(scanBomb)
        }
        var frame = RGBFrame()
        #expect(throws: JPEGError.tooManyScans(limit: ImageLimits.cameraFrame.maxJPEGScans, found: 4010)) {
            try scanBomb.withUnsafeBytes { bytes in try decoder.decode(bytes, into: &frame) }
        }
    }

    @Test func aBudgetAboveTheLibrarysLimitActsAsTheLibrarysLimit() throws {
        var limits = ImageLimits.standard
        limits.maxJPEGScans = 10_000
        let error = try #require(decodeError(Self.scanBomb, limits: limits))
        #expect(error.kind == .overBudget && error.expected == "at most 500 (ImageLimits.maxJPEGScans)", "\(error)")
    }

    /// With the count turned off, libjpeg-turbo's own limit (TJFLAG_LIMITSCANS, 500) still stops a bomb.
    @Test func libjpegTurboScanLimitIsOnForEveryDecode() throws {
        let bomb = HostileImage.progressiveScanBomb(width: 256, height: 256, extraScans: 600)
        let decoder = try JPEGDecoder(limits: .standard)
        decoder.countsScans = false
        #expect(throws: JPEGError.tooManyScans(limit: JPEGDecoder.libjpegTurboScanLimit, found: nil)) {
            try decoder.decodeRGB(bomb)
        }
        let error = try #require(decodeError(bomb, limits: ImageLimits(maxJPEGScans: 1000)))
        #expect(error.kind == .overBudget && error.found == "610", "\(error)")
    }

    @Test func scansUpToTheBudgetDecodeIntact() throws {
        let thirty = HostileImage.progressiveScanBomb(width: 64, height: 48, extraScans: 20)
        let image = try ImageFile.decode(thirty, limits: ImageLimits(maxJPEGScans: 30))
        #expect(image.width == 64 && image.height == 48 && image.layout == .rgb)
        #expect(try JPEGDecoder().decodeRGB(thirty).status == .intact)
        let error = try #require(decodeError(thirty, limits: ImageLimits(maxJPEGScans: 29)))
        #expect(error.kind == .overBudget && error.found == "30", "\(error)")
        #expect(throws: JPEGError.tooManyScans(limit: 29, found: 30)) {
            try JPEGDecoder(limits: ImageLimits(maxJPEGScans: 29)).decodeGray(thirty)
        }
    }

    /// Real progressive photos have far fewer scans than the photo budget (this one, 14).
    @Test(.enabled(if: SharedData.isPresent, SharedData.skipMessage))
    func realProgressivePhotoFitsThePhotoBudget() throws {
        let photo = try SharedData.example("knn_examples/test/obama_and_biden.jpg")
        #expect(photo.withUnsafeBytes { JPEGScans.count($0) } == 14)
        let image = try ImageFile.decode(photo, limits: .photo)
        #expect(image.format == .jpeg && image.layout == .rgb)
    }

    @Test func headerClaimingAHugeFrameIsRefusedBeforeDecoding() throws {
        let huge = HostileImage.jpegDeclaring(width: 65_000, height: 65_000)
        let error = try #require(decodeError(huge))
        #expect(error.kind == .tooLarge && error.field.contains("SOF") && error.found == "65000×65000", "\(error)")
        #expect(throws: JPEGError.unsupportedDimensions(width: 65_000, height: 65_000)) {
            try JPEGDecoder().decodeRGB(huge)
        }
        let photoSized = HostileImage.jpegDeclaring(width: 4097, height: 16)
        #expect(decodeError(photoSized, limits: .photo)?.kind == .tooLarge)
    }

    @Test func inputOverTheByteBudgetIsRefused() throws {
        let jpeg = HostileImage.jpegDeclaring(width: 8, height: 8)
        let small = ImageLimits(maxFileBytes: 100, formats: [.jpeg])
        #expect(throws: JPEGError.inputTooLarge(bytes: jpeg.count, limit: 100)) {
            try JPEGDecoder(limits: small).decodeGray(jpeg)
        }
        let error = try #require(decodeError(jpeg, limits: small))
        #expect(error.kind == .tooLarge && error.field == "input" && error.found == "\(jpeg.count) bytes", "\(error)")
    }
}
