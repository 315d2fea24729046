/// Decodes Windows BMP: 1/4/8-bit palette, 24-bit BGR and 32-bit (BI_RGB or BI_BITFIELDS), bottom-up or top-down.
/// A palette whose entries are all grey decodes as grey. RLE compression is rejected.
enum BMPDecoder {
    static func decode(_ bytes: [UInt8], limits: ImageLimits) throws(ImageFileError) -> DecodedImage {
        let reader = ByteReader(bytes: bytes, format: .bmp, bigEndian: false)
        let dataOffset = try reader.u32(at: 10, field: "pixel data offset")
        let headerSize = try reader.u32(at: 14, field: "DIB header size")
        let width: Int
        let signedHeight: Int
        let planes: Int
        let bitCount: Int
        var compression = 0
        var colorsUsed = 0
        switch headerSize {
        case 12:
            width = try reader.u16(at: 18, field: "width")
            signedHeight = try reader.u16(at: 20, field: "height")
            planes = try reader.u16(at: 22, field: "planes")
            bitCount = try reader.u16(at: 24, field: "bits per pixel")
        case 40, 52, 56, 108, 124:
            width = try reader.i32(at: 18, field: "width")
            signedHeight = try reader.i32(at: 22, field: "height")
            planes = try reader.u16(at: 26, field: "planes")
            bitCount = try reader.u16(at: 28, field: "bits per pixel")
            compression = try reader.u32(at: 30, field: "compression")
            colorsUsed = try reader.u32(at: 46, field: "colours used")
        default:
            throw .unsupported(
                .bmp, "DIB header size", offset: 14, expected: "12, 40, 52, 56, 108 or 124", found: "\(headerSize)")
        }
        let topDown = signedHeight < 0
        // A 32-bit height widened to Int: even Int32.min has a magnitude here.
        let height = abs(signedHeight)
        try limits.check(width: width, height: height, format: .bmp, field: "width × height", offset: 18)
        guard planes == 1 else {
            throw .malformed(.bmp, "planes", offset: headerSize == 12 ? 22 : 26, expected: "1", found: "\(planes)")
        }
        let bitsOffset = headerSize == 12 ? 24 : 28
        guard [1, 4, 8, 24, 32].contains(bitCount) else {
            throw .unsupported(
                .bmp, "bits per pixel", offset: bitsOffset, expected: "1, 4, 8, 24 or 32", found: "\(bitCount)")
        }
        let masks: BMPChannelMasks
        switch (compression, bitCount) {
        case (0, _):
            masks = .standard
        case (3, 32), (6, 32):
            // BITFIELDS masks follow a 40-byte header, or sit inside the V2+ headers at the same place.
            masks = try BMPChannelMasks(
                red: reader.u32(at: 54, field: "red mask"), green: reader.u32(at: 58, field: "green mask"),
                blue: reader.u32(at: 62, field: "blue mask"))
        default:
            throw .unsupported(
                .bmp, "compression", offset: 30,
                expected: "0 (BI_RGB), or 3 (BI_BITFIELDS) with 32 bits", found: "\(compression) with \(bitCount) bits")
        }
        var palette: [UInt8] = []
        if bitCount <= 8 {
            let entries = colorsUsed == 0 ? 1 << bitCount : colorsUsed
            guard entries <= 1 << bitCount else {
                throw .malformed(
                    .bmp, "colours used", offset: 46, expected: "at most \(1 << bitCount)", found: "\(entries)")
            }
            let entrySize = headerSize == 12 ? 3 : 4
            let table = try reader.slice(
                entries * entrySize, at: 14 + headerSize, field: "colour table (\(entries) entries)")
            for index in 0..<entries {
                let at = table.startIndex + index * entrySize
                palette += [table[at + 2], table[at + 1], table[at]]
            }
        }
        let what = "\(width)×\(height), \(bitCount) bits"
        // width comes from a 32-bit field and bitCount is at most 32: no overflow. Products with height are checked.
        let rowBits = width * bitCount
        let rowBytes = (rowBits + 31) / 32 * 4
        // The last row needs only its pixels, not its padding: some writers drop the final pad bytes.
        let needed = saturatingSum(saturatingProduct(rowBytes, height - 1), (rowBits + 7) / 8)
        try reader.require(needed, at: dataOffset, field: "pixel data (\(what))")

        let paletteIsGray = !palette.isEmpty && isGrayTriples(palette)
        let layout: DecodedImage.Layout = paletteIsGray ? .gray : .rgb
        let channels = layout.channels
        let sampleCount = try limits.checkDecodedBytes(
            width, height, channels, what: "\(width)×\(height) × \(channels) decoded samples", format: .bmp,
            field: "width × height", offset: 18)
        var samples = [UInt8](repeating: 0, count: sampleCount)
        let paletteCount = palette.count / 3
        for row in 0..<height {
            let y = topDown ? row : height - 1 - row
            let rowStart = dataOffset + row * rowBytes
            for x in 0..<width {
                let at = (y * width + x) * channels
                switch bitCount {
                case 24:
                    let p = rowStart + 3 * x
                    samples[at] = bytes[p + 2]
                    samples[at + 1] = bytes[p + 1]
                    samples[at + 2] = bytes[p]
                case 32:
                    let p = rowStart + 4 * x
                    let value =
                        Int(bytes[p]) | Int(bytes[p + 1]) << 8 | Int(bytes[p + 2]) << 16 | Int(bytes[p + 3]) << 24
                    (samples[at], samples[at + 1], samples[at + 2]) = masks.rgb(value)
                default:
                    let bit = x * bitCount
                    let index = Int(bytes[rowStart + bit / 8] >> UInt8(8 - bitCount - bit % 8)) & ((1 << bitCount) - 1)
                    guard index < paletteCount else {
                        throw .malformed(
                            .bmp, "palette index of pixel (\(x), \(y))", offset: rowStart + bit / 8,
                            expected: "below the \(paletteCount) colour table entries", found: "\(index)")
                    }
                    for c in 0..<channels { samples[at + c] = palette[3 * index + c] }
                }
            }
        }
        return DecodedImage(format: .bmp, width: width, height: height, layout: layout, samples: samples)
    }
}

/// True when every R,G,B triple has R = G = B.
func isGrayTriples(_ rgb: [UInt8]) -> Bool {
    var index = 0
    while index + 2 < rgb.count {
        if rgb[index] != rgb[index + 1] || rgb[index] != rgb[index + 2] { return false }
        index += 3
    }
    return true
}

/// Where red, green and blue sit in a 32-bit BMP pixel.
struct BMPChannelMasks {
    let red: Int, green: Int, blue: Int

    /// BI_RGB 32-bit: B, G, R, unused, little-endian.
    static let standard = BMPChannelMasks(uncheckedRed: 0x00FF_0000, green: 0x0000_FF00, blue: 0x0000_00FF)

    private init(uncheckedRed red: Int, green: Int, blue: Int) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    init(red: Int, green: Int, blue: Int) throws(ImageFileError) {
        for (name, mask, at) in [("red mask", red, 54), ("green mask", green, 58), ("blue mask", blue, 62)] {
            let shifted = mask >> mask.trailingZeroBitCount
            guard mask != 0, shifted & (shifted + 1) == 0 else {
                throw .malformed(
                    .bmp, name, offset: at, expected: "one contiguous run of set bits",
                    found: "0x\(String(mask, radix: 16))")
            }
        }
        self.init(uncheckedRed: red, green: green, blue: blue)
    }

    func rgb(_ pixel: Int) -> (UInt8, UInt8, UInt8) {
        (Self.extract(pixel, red), Self.extract(pixel, green), Self.extract(pixel, blue))
    }

    /// The masked field scaled to 0-255.
    private static func extract(_ pixel: Int, _ mask: Int) -> UInt8 {
        let shift = mask.trailingZeroBitCount
        let maximum = mask >> shift
        return UInt8(((pixel & mask) >> shift) * 255 / maximum)
    }
}
