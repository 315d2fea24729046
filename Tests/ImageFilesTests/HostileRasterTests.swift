import HostileImages
import Testing

@testable import ImageFiles

/// Crafted TIFF, BMP and Netpbm files: strip counts far past what the image needs, sizes and offsets chosen to
/// overflow, endless ASCII samples.
@Suite struct HostileRasterTests {
    /// Limits as wide as `Int` goes: only the file's own size and checked arithmetic stand between a header and a trap.
    static let unlimited = ImageLimits(maxSide: .max, maxPixels: .max, maxFileBytes: .max, maxDecodedBytes: .max)

    @Test func tiffStripCountOverTheBudgetIsRefusedBeforeTheValuesAreRead() throws {
        let bomb = HostileImage.tiffStripBomb(declaredStrips: 70_000)
        let error = try #require(decodeError(bomb))
        #expect(error.kind == .overBudget && error.field.hasPrefix("strip count"), "\(error)")
        #expect(error.expected == "at most 65536 (ImageLimits.maxTIFFStrips)")
        #expect(error.found == "70000 offsets, 70000 byte counts, 1 strips needed")
        var wide = ImageLimits.standard
        wide.maxTIFFStrips = 100_000
        let mismatch = try #require(decodeError(bomb, limits: wide))
        #expect(mismatch.kind == .malformed && mismatch.found == "70000 offsets, 70000 byte counts", "\(mismatch)")
    }

    @Test func tiffStripValuesPastTheFileAreTruncated() throws {
        let bomb = HostileImage.tiffStripBomb(declaredStrips: 0xFFFF_FFFF, valuesPresent: false)
        let error = try #require(decodeError(bomb))
        #expect(error.kind == .truncated && error.field == "StripOffsets (273) values (4294967295)", "\(error)")
    }

    @Test func tiffOverflowingOffsetsAreTruncated() throws {
        let strip = try #require(decodeError(HostileImage.tiffDeclaring()))
        #expect(strip.kind == .truncated && strip.field == "strip 0 data (StripOffsets[0])", "\(strip)")
        let ifd = try #require(decodeError(HostileImage.tiffDeclaring(ifdOffset: 0xFFFF_FFFF)))
        #expect(ifd.kind == .truncated && ifd.field == "IFD entry count", "\(ifd)")
        let raster = try #require(
            decodeError(HostileImage.tiffDeclaring(width: 0xFFFF_FFFF, height: 0x7FFF_FFFF), limits: Self.unlimited))
        #expect(raster.kind == .truncated && raster.field.hasPrefix("image data"), "\(raster)")
        let standard = try #require(decodeError(HostileImage.tiffDeclaring(width: 65_535, height: 65_535)))
        #expect(standard.kind == .tooLarge && standard.found == "65535×65535", "\(standard)")
    }

    @Test func bmpHugeSizesAreRefusedBeforeAllocating() throws {
        let square = try #require(decodeError(HostileImage.bmpDeclaring(width: 16_384, height: -16_384, bitCount: 32)))
        #expect(square.kind == .tooLarge && square.found == "16384×16384", "\(square)")
        let withinLimits = try #require(decodeError(HostileImage.bmpDeclaring(width: 7000, height: 7000)))
        #expect(withinLimits.kind == .truncated && withinLimits.field.hasPrefix("pixel data"), "\(withinLimits)")
        #expect(withinLimits.neededFileBytes == 54 + 21_000 * 7000)
        let minimum = try #require(decodeError(HostileImage.bmpDeclaring(width: 1, height: .min)))
        #expect(minimum.kind == .tooLarge && minimum.found == "1×2147483648", "\(minimum)")
        let negative = try #require(decodeError(HostileImage.bmpDeclaring(width: -1, height: 1)))
        #expect(negative.kind == .malformed, "\(negative)")
    }

    /// Row bytes × height is past 2^64 here: refused as truncated, not trapped on.
    @Test func bmpOverflowingSizesAndOffsetsAreTruncated() throws {
        let overflow = try #require(
            decodeError(
                HostileImage.bmpDeclaring(width: .max, height: .max, bitCount: 32), limits: Self.unlimited))
        #expect(overflow.kind == .truncated && overflow.neededFileBytes == .max, "\(overflow)")
        let offset = try #require(decodeError(HostileImage.bmpDeclaring(width: 1, height: 1, dataOffset: 0xFFFF_FFFF)))
        #expect(offset.kind == .truncated && offset.offset == 0xFFFF_FFFF, "\(offset)")
    }

    @Test func netpbmHugeSizesAreRefusedBeforeAllocating() throws {
        let huge = try #require(decodeError(HostileImage.netpbmDeclaring(width: 16_384, height: 16_384)))
        #expect(huge.kind == .tooLarge && huge.found == "16384×16384", "\(huge)")
        let withinLimits = try #require(decodeError(HostileImage.netpbmDeclaring(width: 7000, height: 7000)))
        #expect(withinLimits.kind == .truncated && withinLimits.field.hasPrefix("raster"), "\(withinLimits)")
        let overflow = try #require(
            decodeError(
                HostileImage.netpbmDeclaring(width: 999_999_999, height: 999_999_999), limits: Self.unlimited))
        #expect(overflow.kind == .truncated, "\(overflow)")
    }

    @Test func asciiNetpbmOverTheTextBudgetIsRefusedFromItsHeader() throws {
        let endless = HostileImage.netpbmTokens(magic: "P3", width: 4096, height: 4096, tokens: 10)
        let error = try #require(decodeError(endless))
        #expect(error.kind == .overBudget && error.field.hasPrefix("ASCII samples"), "\(error)")
        #expect(error.expected == "at most \(1 << 24) (ImageLimits.maxNetpbmTextSamples)")
        #expect(error.found == "\(4096 * 4096 * 3) (4096×4096 × 3)")
        let small = HostileImage.netpbmTokens(width: 100, height: 100, tokens: 10_000)
        #expect(try ImageFile.decode(small).samples == [UInt8](repeating: 1, count: 10_000))
        #expect(decodeError(small, limits: ImageLimits(maxNetpbmTextSamples: 9_999))?.kind == .overBudget)
    }

    @Test func rawGreyOverflowingSizeIsRefused() {
        #expect(throws: ImageFileError.self) {
            try ImageFile.decodeRawGray([0], width: .max, height: 2, limits: Self.unlimited)
        }
    }
}
