import Foundation
import Imaging
import Testing

@testable import ImageFiles

struct JPEGAndDetectionTests {
    /// A smooth colour gradient, which JPEG keeps close to the original.
    static func gradient(width: Int, height: Int) throws -> RGBFrame {
        var pixels: [UInt8] = []
        for y in 0..<height {
            for x in 0..<width { pixels += [UInt8(x * 255 / width), UInt8(y * 255 / height), 128] }
        }
        return try RGBFrame(width: width, height: height, pixels: pixels)
    }

    @Test func colourJPEGDecodesAsRGBAndGrey() throws {
        let frame = try Self.gradient(width: 32, height: 16)
        let jpeg = try JPEGEncoder().encode(frame, quality: 95)
        let image = try ImageFile.decode(jpeg)
        #expect(image.format == .jpeg && image.layout == .rgb)
        #expect(image.width == 32 && image.height == 16)
        let difference = zip(image.samples, frame.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
        #expect(difference < 24)
        let gray = try ImageFile.decodeGray(jpeg)
        #expect(gray.pixels == rgbToGray(image.samples))
    }

    @Test func greyJPEGDecodesAsGrey() throws {
        let frame = try GrayFrame(width: 16, height: 8, pixels: (0..<128).map { UInt8($0 * 2) })
        let image = try ImageFile.decode(try JPEGEncoder().encode(frame, quality: 90))
        #expect(image.layout == .gray)
    }

    @Test func brokenJPEGsAreErrors() throws {
        expectDecodeError([0xFF, 0xD8, 0xFF, 0x00, 0x01, 0x02], format: .jpeg, kind: .malformed, field: "header")
        let jpeg = try JPEGEncoder().encode(try Self.gradient(width: 64, height: 64), quality: 90)
        // Cut in the entropy-coded data: libjpeg-turbo only warns, which the loader reports as an error.
        expectDecodeError(
            Array(jpeg.prefix(jpeg.count * 2 / 3)), format: .jpeg, kind: .malformed, field: "entropy-coded data")
        expectDecodeError(jpeg, format: .jpeg, kind: .tooLarge, field: "SOF", limits: ImageLimits(maxPixels: 1000))
    }

    @Test(
        arguments: [
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], ImageFormat.png), ([0x49, 0x49, 0x2A, 0x00], .tiff),
            ([0x4D, 0x4D, 0x00, 0x2A], .tiff), ([0xFF, 0xD8, 0xFF, 0xE0], .jpeg), ([0x42, 0x4D, 0, 0], .bmp),
            (Array("P5\n".utf8), .pgm), (Array("P2 ".utf8), .pgm), (Array("P6\t".utf8), .ppm),
            (Array("P3\r".utf8), .ppm),
        ] as [([UInt8], ImageFormat)])
    func formatComesFromMagicBytes(magic: [UInt8], format: ImageFormat) {
        #expect(ImageFormat.detect(magic) == format)
    }

    @Test func extensionDoesNotDecideTheFormat() throws {
        let path = NSTemporaryDirectory() + "imagefiles-\(UUID().uuidString).jpg"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(Array("P5 2 1 255\n".utf8) + [7, 9]).write(to: URL(fileURLWithPath: path))
        let image = try ImageFile.load(path: path)
        #expect(image.format == .pgm && image.samples == [7, 9])
    }

    @Test func unknownAndUnreadable() {
        expectDecodeError(Array("GIF89a".utf8), format: nil, kind: .unknownFormat, field: "signature")
        expectDecodeError([], format: nil, kind: .unknownFormat, field: "signature")
        #expect(ImageFormat.detect([0x50, 0x35]) == nil)
        do {
            _ = try ImageFile.load(path: "/nonexistent/file.png")
            Issue.record("loaded a missing file")
        } catch {
            #expect(error.kind == .unreadable)
        }
        do {
            _ = try ImageFile.load(path: NSTemporaryDirectory())
            Issue.record("loaded a directory")
        } catch {
            #expect(error.kind == .unreadable && error.found == "a directory")
        }
    }

    @Test func fileSizeLimit() throws {
        let path = NSTemporaryDirectory() + "imagefiles-\(UUID().uuidString).pgm"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(Array("P5 10 10 255\n".utf8) + [UInt8](repeating: 1, count: 100)).write(to: URL(fileURLWithPath: path))
        #expect(try ImageFile.load(path: path).width == 10)
        do {
            _ = try ImageFile.load(path: path, limits: ImageLimits(maxFileBytes: 50))
            Issue.record("read a file over the limit")
        } catch {
            #expect(error.kind == .tooLarge)
        }
    }

    @Test func rawGreyNeedsTheExactLength() throws {
        let bytes = noiseBytes(12)
        #expect(try ImageFile.decodeRawGray(bytes, width: 4, height: 3).pixels == bytes)
        for (width, height) in [(5, 3), (3, 3)] {
            do {
                _ = try ImageFile.decodeRawGray(bytes, width: width, height: height)
                Issue.record("accepted \(width)×\(height)")
            } catch {
                #expect(error.kind == .malformed && error.field == "file length" && error.format == .rawGray)
            }
        }
        #expect(throws: ImageFileError.self) { try ImageFile.decodeRawGray(bytes, width: 0, height: 3) }
        #expect(throws: ImageFileError.self) { try ImageFile.decodeRawGray(bytes, width: -4, height: -3) }
    }

    @Test func bt601GreyKeepsGreyValues() {
        #expect(rgbToGray([0, 0, 0, 255, 255, 255, 77, 77, 77]) == [0, 255, 77])
        #expect(luma(red: 255, green: 0, blue: 0) == 76)
        #expect(luma(red: 0, green: 255, blue: 0) == 150)
        #expect(luma(red: 0, green: 0, blue: 255) == 29)
    }
}
