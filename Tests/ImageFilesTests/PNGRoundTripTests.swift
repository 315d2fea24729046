import Foundation
import Imaging
import Testing

@testable import ImageFiles

struct PNGRoundTripTests {
    @Test(arguments: [0, 1, 6, 9])
    func greyRoundTrip(level: Int) throws {
        // Texture plus a smooth gradient so that different rows pick different filters.
        let width = 37
        let height = 23
        let noise = noiseBytes(width * height, seed: 11)
        let pixels = (0..<(width * height)).map { i in i / width < 12 ? noise[i] : UInt8((i % width) * 6) }
        let image = try GrayImage(width: width, height: height, pixels: pixels)
        let png = PNGEncoder.encode(image, compressionLevel: level)
        let decoded = try ImageFile.decode(png)
        #expect(decoded.format == .png && decoded.layout == .gray)
        #expect(try decoded.grayImage() == image)
    }

    @Test func rgbRoundTripKeepsColour() throws {
        let width = 19
        let height = 11
        let frame = try RGBFrame(width: width, height: height, pixels: noiseBytes(3 * width * height, seed: 5))
        let decoded = try ImageFile.decodeRGB(PNGEncoder.encode(frame))
        #expect(decoded == frame)
    }

    @Test func paddedRGBFrameIsWrittenWithoutItsPadding() throws {
        let frame = try RGBFrame(
            width: 2, height: 2, stride: 8, pixels: [1, 2, 3, 4, 5, 6, 99, 99, 7, 8, 9, 10, 11, 12, 99, 99])
        #expect(try ImageFile.decode(PNGEncoder.encode(frame)).samples == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    }

    @Test func compressionShrinksAFlatImage() throws {
        let image = try GrayImage(width: 300, height: 300, pixels: [UInt8](repeating: 200, count: 90_000))
        #expect(PNGEncoder.encode(image).count < 2_000)
        #expect(PNGEncoder.encode(image).count < PNGEncoder.encode(image, compressionLevel: 0).count)
    }

    @Test func storedPNGDecodes() throws {
        let image = try GrayImage(width: 9, height: 4, pixels: noiseBytes(36, seed: 2))
        #expect(try ImageFile.decodeGray(PNGEncoder.encode(image, compressionLevel: 0)) == image)
    }

    @Test func writeAndLoadThroughAFile() throws {
        let path = NSTemporaryDirectory() + "imagefiles-\(UUID().uuidString).png"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let frame = try RGBFrame(width: 4, height: 3, pixels: noiseBytes(36, seed: 9))
        try PNGEncoder.write(frame, toPath: path)
        #expect(try ImageFile.loadRGB(path: path) == frame)
        #expect(throws: ImageFileError.self) { try PNGEncoder.write(frame, toPath: "/nonexistent-folder/x.png") }
    }
}
