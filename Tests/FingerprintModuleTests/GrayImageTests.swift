import Biometrics
import FingerprintModule
import Foundation
import ImageFiles
import Imaging
import Testing

@Suite("GrayImage and ZFM image conversion")
struct GrayImageTests {
    @Test("an image keeps its size and pixels, row-major")
    func valid() throws {
        let image = try GrayImage(width: 3, height: 2, pixels: [0, 1, 2, 10, 11, 12])
        #expect(image.width == 3)
        #expect(image.height == 2)
        #expect(image[2, 0] == 2)
        #expect(image[0, 1] == 10)
    }

    @Test("sides outside 1-65535 are refused", arguments: [(0, 5), (5, 0), (-1, 4), (65_536, 1)])
    func badSize(width: Int, height: Int) {
        #expect(throws: GrayImageError.invalidDimensions(width: width, height: height)) {
            try GrayImage(width: width, height: height, pixels: [])
        }
    }

    @Test("a pixel count other than width × height is refused, naming both")
    func badCount() {
        #expect(throws: GrayImageError.pixelCount(expected: 6, received: 5)) {
            try GrayImage(width: 3, height: 2, pixels: [1, 2, 3, 4, 5])
        }
        #expect(
            GrayImageError.pixelCount(expected: 6, received: 5).description
                == "image pixels: expected 6 (width × height), got 5")
        #expect(
            GrayImageError.invalidDimensions(width: 0, height: 2).description
                == "image size: expected width and height 1-65535, got 0×2")
    }

    @Test("PGM is P5, width height, maxval 255, then the raw pixels")
    func pgm() throws {
        let image = try GrayImage(width: 3, height: 2, pixels: [0, 1, 2, 253, 254, 255])
        let expected = Data("P5\n3 2\n255\n".utf8) + Data([0, 1, 2, 253, 254, 255])
        #expect(image.pgm() == expected)
    }

    @Test("a ZFM image converts to a 256×288 GrayImage with the same pixels")
    func fromZFMImage() throws {
        let pixels = (0..<ZFMImage.pixelCount).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let gray = try ZFMImage(pixels: pixels).grayImage
        #expect(gray.width == 256)
        #expect(gray.height == 288)
        #expect(gray.pixels == pixels)
    }

    @Test("an upload in the other encoding than the link's is refused with both sizes")
    func encodingMismatch() throws {
        let eightBit = [UInt8](repeating: 0x80, count: ZFMImage.pixelCount)
        #expect(
            throws: ZFMError.malformedReply(
                .upImage, field: "image data",
                expected: "36864 bytes (fourBitsPerPixel), got 73728")
        ) {
            try ZFMImage(uploaded: eightBit, encoding: .fourBitsPerPixel)
        }
        let fourBit = [UInt8](repeating: 0x1F, count: ZFMImage.pixelCount / 2)
        #expect(
            throws: ZFMError.malformedReply(
                .upImage, field: "image data",
                expected: "73728 bytes (eightBitsPerPixel), got 36864")
        ) {
            try ZFMImage(uploaded: fourBit, encoding: .eightBitsPerPixel)
        }
        let widened = try ZFMImage(uploaded: fourBit, encoding: .fourBitsPerPixel)
        #expect(widened.pixels.prefix(4) == [0x11, 0xFF, 0x11, 0xFF])
    }
}
