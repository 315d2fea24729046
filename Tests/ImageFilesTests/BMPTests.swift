import Testing

@testable import ImageFiles

/// Builds BMP files by hand with a 40-byte BITMAPINFOHEADER.
struct BMPBuilder {
    var width: Int
    var height: Int
    var bitCount: Int
    var compression = 0
    var topDown = false
    /// B,G,R,0 entries.
    var palette: [UInt8] = []
    /// Rows top to bottom, each without padding, in file byte order (BGR / BGRX / indices).
    var rows: [[UInt8]]
    var masks: [UInt32]?

    func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }

    func build() -> [UInt8] {
        let stride = (width * bitCount + 31) / 32 * 4
        let maskBytes = masks.map { $0.flatMap { le32(Int($0)) } } ?? []
        let dataOffset = 14 + 40 + maskBytes.count + palette.count
        var pixelData: [UInt8] = []
        for row in topDown ? rows : rows.reversed() {
            pixelData += row + [UInt8](repeating: 0, count: stride - row.count)
        }
        var file: [UInt8] = [0x42, 0x4D] + le32(dataOffset + pixelData.count) + le32(0) + le32(dataOffset)
        file += le32(40) + le32(width) + le32(topDown ? -height : height) + le16(1) + le16(bitCount)
        file += le32(compression) + le32(pixelData.count) + le32(2835) + le32(2835) + le32(palette.count / 4) + le32(0)
        return file + maskBytes + palette + pixelData
    }
}

struct BMPTests {
    static let grayPalette: [UInt8] = (0..<256).flatMap { [UInt8($0), UInt8($0), UInt8($0), 0] }

    @Test(arguments: [false, true])
    func eightBitGreyPaletteBothRowOrders(topDown: Bool) throws {
        let pixels = noiseBytes(5 * 3, seed: 12)
        let bmp = BMPBuilder(
            width: 5, height: 3, bitCount: 8, topDown: topDown, palette: Self.grayPalette,
            rows: rowsOf(pixels, rowBytes: 5))
        let image = try ImageFile.decode(bmp.build())
        #expect(image.format == .bmp && image.layout == .gray)
        #expect(image.samples == pixels)
    }

    @Test func colourPaletteDecodesAsRGB() throws {
        let palette: [UInt8] = [255, 0, 0, 0, 0, 0, 255, 0]  // blue, red
        let bmp = BMPBuilder(width: 2, height: 1, bitCount: 8, palette: palette, rows: [[1, 0]])
        #expect(try ImageFile.decode(bmp.build()).samples == [255, 0, 0, 0, 0, 255])
    }

    @Test(arguments: [false, true])
    func twentyFourBitWithRowPadding(topDown: Bool) throws {
        let rgb = noiseBytes(3 * 3 * 2, seed: 13)  // width 3: 9 bytes a row, padded to 12
        let bgrRows = rowsOf(rgb, rowBytes: 9).map { row in
            stride(from: 0, to: 9, by: 3).flatMap { [row[$0 + 2], row[$0 + 1], row[$0]] }
        }
        let image = try ImageFile.decode(
            BMPBuilder(width: 3, height: 2, bitCount: 24, topDown: topDown, rows: bgrRows).build())
        #expect(image.layout == .rgb && image.samples == rgb)
    }

    @Test func thirtyTwoBitPlainAndBitfields() throws {
        let plain = BMPBuilder(width: 2, height: 1, bitCount: 32, rows: [[10, 20, 30, 0, 40, 50, 60, 0]])
        #expect(try ImageFile.decode(plain.build()).samples == [30, 20, 10, 60, 50, 40])
        // RGBA byte order via masks: R in the lowest byte.
        let fields = BMPBuilder(
            width: 1, height: 1, bitCount: 32, compression: 3, rows: [[10, 20, 30, 255]],
            masks: [0x0000_00FF, 0x0000_FF00, 0x00FF_0000])
        #expect(try ImageFile.decode(fields.build()).samples == [10, 20, 30])
        let badMask = BMPBuilder(
            width: 1, height: 1, bitCount: 32, compression: 3, rows: [[1, 2, 3, 4]], masks: [0x0F0F, 0xFF00, 0xFF])
        expectDecodeError(badMask.build(), format: .bmp, kind: .malformed, field: "red mask")
    }

    @Test func unsupportedAndMalformed() throws {
        let rle = BMPBuilder(
            width: 2, height: 1, bitCount: 8, compression: 1, palette: Self.grayPalette, rows: [[0, 0]])
        expectDecodeError(rle.build(), format: .bmp, kind: .unsupported, field: "compression")
        let sixteen = BMPBuilder(width: 2, height: 1, bitCount: 16, rows: [[0, 0, 0, 0]])
        expectDecodeError(sixteen.build(), format: .bmp, kind: .unsupported, field: "bits per pixel")
        let shortPalette = BMPBuilder(
            width: 2, height: 1, bitCount: 8, palette: [0, 0, 0, 0, 9, 9, 9, 0], rows: [[1, 2]])
        expectDecodeError(shortPalette.build(), format: .bmp, kind: .malformed, field: "palette index of pixel (1, 0)")
        var zeroWidth = BMPBuilder(width: 2, height: 1, bitCount: 24, rows: [[1, 2, 3, 4, 5, 6]]).build()
        zeroWidth[18] = 0
        expectDecodeError(zeroWidth, format: .bmp, kind: .malformed, field: "width × height")
        let valid = BMPBuilder(width: 3, height: 2, bitCount: 24, rows: [noiseBytes(9), noiseBytes(9, seed: 2)]).build()
        // The final row's 3 padding bytes may be missing (some writers drop them); anything shorter fails.
        expectEveryPrefixFails(Array(valid.dropLast(3)), from: 2)
        #expect(try ImageFile.decode(Array(valid.dropLast(3))) == (try ImageFile.decode(valid)))
        var huge = valid
        huge.replaceSubrange(18..<22, with: [0x00, 0x00, 0x01, 0x00])  // width 65536
        expectDecodeError(huge, format: .bmp, kind: .tooLarge, field: "width × height")
    }
}
