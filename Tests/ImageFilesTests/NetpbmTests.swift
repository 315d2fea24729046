import Testing

@testable import ImageFiles

struct NetpbmTests {
    static let pixels = noiseBytes(4 * 3, seed: 8)

    @Test func binaryPGMWithComments() throws {
        let bytes = Array("P5\n# made by hand\n4 3 # size\n255\n".utf8) + Self.pixels
        let image = try ImageFile.decode(bytes)
        #expect(image.format == .pgm && image.layout == .gray)
        #expect(image.samples == Self.pixels)
    }

    @Test func sixteenBitPGMIsScaled() throws {
        let bytes = Array("P5 3 1 65535\n".utf8) + [0x00, 0x00, 0x80, 0x00, 0xFF, 0xFF]
        #expect(try ImageFile.decode(bytes).samples == [0, 128, 255])
        let tenBit = Array("P5 2 1 1023\n".utf8) + [0x03, 0xFF, 0x02, 0x00]
        #expect(try ImageFile.decode(tenBit).samples == [255, 128])
    }

    @Test func asciiPGMWithSmallMaxval() throws {
        let bytes = Array("P2\n3 2\n15\n0 15 8\n# comment line\n1 2 3\n".utf8)
        #expect(try ImageFile.decode(bytes).samples == [0, 255, 136, 17, 34, 51])
    }

    @Test func binaryAndASCIIPPM() throws {
        let rgb = noiseBytes(2 * 2 * 3, seed: 1)
        let binary = try ImageFile.decode(Array("P6 2 2 255\n".utf8) + rgb)
        #expect(binary.format == .ppm && binary.layout == .rgb && binary.samples == rgb)
        let ascii = try ImageFile.decode(Array(("P3 2 2 255 " + rgb.map(String.init).joined(separator: " ")).utf8))
        #expect(ascii.samples == rgb)
    }

    @Test func headerFieldsAreValidated() {
        expectDecodeError(Array("P5 4 x 255\n".utf8), format: .pgm, kind: .malformed, field: "height")
        expectDecodeError(Array("P5 0 3 255\n".utf8), format: .pgm, kind: .malformed, field: "width")
        expectDecodeError(Array("P5 4 3 70000\n".utf8) + Self.pixels, format: .pgm, kind: .malformed, field: "maxval")
        expectDecodeError(Array("P5 4 3 255".utf8), format: .pgm, kind: .malformed, field: "header end")
        expectDecodeError(Array("P5 4 3".utf8), format: .pgm, kind: .truncated, field: "maxval")
        expectDecodeError(Array("P5 4 3 2x5\n".utf8), format: .pgm, kind: .malformed, field: "maxval")
        expectDecodeError(Array("P6 99999 99999 255\n".utf8), format: .ppm, kind: .tooLarge, field: "width × height")
    }

    @Test func rasterProblems() {
        expectDecodeError(
            Array("P5 4 3 255\n".utf8) + Self.pixels.dropLast(), format: .pgm, kind: .truncated, field: "raster")
        expectDecodeError(Array("P5 2 1 100\n".utf8) + [50, 101], format: .pgm, kind: .malformed, field: "sample 1")
        expectDecodeError(Array("P2 2 2 255 1 2 3".utf8), format: .pgm, kind: .truncated, field: "sample 3")
        expectDecodeError(Array("P2 2 1 255 1 z".utf8), format: .pgm, kind: .malformed, field: "sample 1")
        expectDecodeError(Array("P2 2 1 255 1 256".utf8), format: .pgm, kind: .malformed, field: "sample 1")
        expectEveryPrefixFails(Array("P6 2 2 255\n".utf8) + noiseBytes(12), from: 3)
    }

    @Test func otherNetpbmKindsAreUnknown() {
        expectDecodeError(Array("P4 2 2\n\0\0".utf8), format: nil, kind: .unknownFormat, field: "signature")
    }
}
