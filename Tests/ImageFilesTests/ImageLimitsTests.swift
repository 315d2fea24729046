import HostileImages
import Testing

@testable import ImageFiles

/// The photo profile: only JPEG and PNG, a few MB, 4096 per side; every input size checked first.
@Suite struct ImageLimitsTests {
    @Test func photoProfileTakesOnlyJPEGAndPNG() throws {
        for file in [
            HostileImage.tiffDeclaring(), HostileImage.bmpDeclaring(width: 1, height: 1),
            HostileImage.netpbmDeclaring(width: 1, height: 1),
        ] {
            let error = try #require(decodeError(file, limits: .photo))
            #expect(error.kind == .unsupported && error.field == "format", "\(error)")
            #expect(error.expected == "PNG, JPEG (ImageLimits.formats)")
        }
    }

    @Test func inputOverTheByteBudgetIsRefusedBeforeTheSignature() throws {
        let oversized = [0xFF, 0xD8, 0xFF] + [UInt8](repeating: 0, count: ImageLimits.photo.maxFileBytes)
        let error = try #require(decodeError(oversized, limits: .photo))
        #expect(error.kind == .tooLarge && error.field == "input" && error.format == .jpeg, "\(error)")
        #expect(error.expected == "at most \(8 << 20) bytes (ImageLimits.maxFileBytes)")
    }

    @Test func aTwelveMegapixelPhotoFitsThePhotoProfile() throws {
        let limits = ImageLimits.photo
        #expect(try limits.check(width: 4032, height: 3024, format: .jpeg, field: "SOF", offset: nil) == 4032 * 3024)
        #expect(throws: ImageFileError.self) {
            try limits.check(width: 8064, height: 6048, format: .jpeg, field: "SOF", offset: nil)
        }
    }

    @Test func overflowingSidesAreTooLargeNotATrap() throws {
        let unlimited = ImageLimits(maxSide: .max, maxPixels: .max)
        let error = #expect(throws: ImageFileError.self) {
            try unlimited.check(width: .max, height: 3, format: .png, field: "IHDR", offset: nil)
        }
        #expect(error?.kind == .tooLarge)
    }
}
