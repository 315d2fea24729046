import Testing

@testable import ImageFiles

struct PNGDecodingTests {
    static let width = 7, height = 5

    static let grayPixels = noiseBytes(width * height)

    @Test(arguments: [UInt8(0), 1, 2, 3, 4])
    func everyFilterDecodesToTheSamePixels(filter: UInt8) throws {
        let png = PNGBuilder(
            width: Self.width, height: Self.height, rows: rowsOf(Self.grayPixels, rowBytes: Self.width),
            filters: [filter])
        let image = try ImageFile.decode(png.build())
        #expect(image.layout == .gray)
        #expect(image.samples == Self.grayPixels)
    }

    @Test func mixedFiltersOnRGB() throws {
        let pixels = noiseBytes(3 * Self.width * Self.height, seed: 7)
        let png = PNGBuilder(
            width: Self.width, height: Self.height, colorType: 2,
            rows: rowsOf(pixels, rowBytes: 3 * Self.width), filters: [4, 3, 2, 1, 0])
        let image = try ImageFile.decode(png.build())
        #expect(image.layout == .rgb)
        #expect(image.samples == pixels)
    }

    @Test func sixteenBitGreyScalesToEightBits() throws {
        let values: [UInt16] = [0, 257, 0x8000, 65_535, 128, 65_000]
        let row = values.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let png = PNGBuilder(width: 6, height: 1, bitDepth: 16, rows: [row], filters: [1])
        let image = try ImageFile.decode(png.build())
        #expect(image.samples == values.map { UInt8((Int($0) * 255 + 32_767) / 65_535) })
        #expect(image.samples[0] == 0 && image.samples[1] == 1 && image.samples[3] == 255)
    }

    @Test func sixteenBitRGBAWithPaethFilter() throws {
        // Two pixels: opaque (0x1234, 0xABCD, 0xFFFF) and fully transparent black.
        let row: [UInt8] = [0x12, 0x34, 0xAB, 0xCD, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0]
        let png = PNGBuilder(width: 2, height: 2, bitDepth: 16, colorType: 6, rows: [row, row], filters: [4])
        let image = try ImageFile.decode(png.build())
        let first = [0x1234, 0xABCD, 0xFFFF].map { UInt8(($0 * 255 + 32_767) / 65_535) }
        #expect(Array(image.samples[0..<3]) == first)
        #expect(Array(image.samples[3..<6]) == [255, 255, 255])  // transparent over white
    }

    @Test func greyAlphaIsCompositedOverWhite() throws {
        let row: [UInt8] = [0, 255, 0, 0, 0, 128, 100, 255]
        let image = try ImageFile.decode(
            PNGBuilder(width: 4, height: 1, colorType: 4, rows: [row], filters: [2]).build())
        #expect(image.samples == [0, 255, 127, 100])
    }

    @Test func rgbaIsCompositedAndConvertedToGreyWithBT601() throws {
        let row: [UInt8] = [255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255]
        let image = try ImageFile.decode(PNGBuilder(width: 3, height: 1, colorType: 6, rows: [row]).build())
        #expect(image.samples == [255, 0, 0, 0, 255, 0, 0, 0, 255])
        #expect(try image.grayImage().pixels == [76, 150, 29])
    }

    @Test func greyPaletteDecodesAsGrey() throws {
        let palette: [UInt8] = [0, 0, 0, 128, 128, 128, 255, 255, 255]
        let png = PNGBuilder(
            width: 3, height: 2, colorType: 3, rows: [[2, 1, 0], [0, 0, 2]], filters: [0, 2], palette: palette)
        let image = try ImageFile.decode(png.build())
        #expect(image.layout == .gray)
        #expect(image.samples == [255, 128, 0, 0, 0, 255])
    }

    @Test func colourPaletteWithTransparencyAndFourBitIndices() throws {
        let palette: [UInt8] = [255, 0, 0, 0, 0, 255, 10, 20, 30]
        // Four-bit indices 0,1 | 2,0: the second byte's low nibble pads the 3-pixel row.
        let png = PNGBuilder(
            width: 3, height: 1, bitDepth: 4, colorType: 3, rows: [[0x01, 0x20]],
            palette: palette, transparency: [255, 0])
        let image = try ImageFile.decode(png.build())
        #expect(image.layout == .rgb)
        #expect(image.samples == [255, 0, 0, 255, 255, 255, 10, 20, 30])
    }

    static let subByteCases: [(depth: UInt8, row: [UInt8], expected: [UInt8])] = [
        (1, [0b1010_0000], [255, 0, 255]),
        (2, [0b0001_1011], [0, 85, 170, 255]),
        (4, [0x0F, 0x80], [0, 255, 136]),
    ]

    @Test(arguments: subByteCases)
    func subByteGrey(depth: UInt8, row: [UInt8], expected: [UInt8]) throws {
        let png = PNGBuilder(width: expected.count, height: 1, bitDepth: depth, rows: [row], filters: [1])
        #expect(try ImageFile.decode(png.build()).samples == expected)
    }

    @Test func greyColourKeyBecomesWhite() throws {
        let png = PNGBuilder(width: 3, height: 1, rows: [[10, 20, 30]], transparency: [0, 20])
        #expect(try ImageFile.decode(png.build()).samples == [10, 255, 30])
    }

    @Test func adam7InterlacedMatchesTheSameImageNonInterlaced() throws {
        let width = 10
        let height = 9
        let pixels = noiseBytes(width * height, seed: 3)
        let plain = try ImageFile.decode(
            PNGBuilder(width: width, height: height, rows: rowsOf(pixels, rowBytes: width)).build())
        // Rows of each Adam7 pass, in pass order.
        let passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
        var rows: [[UInt8]] = []
        var counts: [Int] = []
        for (x0, y0, dx, dy) in passes {
            let xs = Array(stride(from: x0, to: width, by: dx))
            let ys = Array(stride(from: y0, to: height, by: dy))
            guard !xs.isEmpty, !ys.isEmpty else { continue }
            counts.append(ys.count)
            for y in ys { rows.append(xs.map { pixels[y * width + $0] }) }
        }
        let interlaced = PNGBuilder(width: width, height: height, interlace: 1, rows: rows, filters: [0, 1, 2, 3, 4])
        let decoded = try ImageFile.decode(interlaced.build(passRowCounts: counts))
        #expect(decoded.samples == pixels)
        #expect(decoded == plain)
    }

    @Test func ancillaryChunksAreSkipped() throws {
        var file = PNGBuilder(width: 2, height: 1, rows: [[1, 2]]).build()
        // Insert a tEXt chunk after IHDR (8 signature + 25 IHDR bytes).
        file.insert(contentsOf: PNGBuilder.chunk("tEXt", Array("Comment\0hi".utf8)), at: 33)
        #expect(try ImageFile.decode(file).samples == [1, 2])
    }
}
