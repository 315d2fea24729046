/// The validated fields of a PNG IHDR chunk.
struct PNGHeader {
    enum ColorType: Int, CustomStringConvertible {
        case gray = 0, rgb = 2, palette = 3, grayAlpha = 4, rgba = 6

        var description: String {
            switch self {
            case .gray: "grey"
            case .rgb: "RGB"
            case .palette: "palette"
            case .grayAlpha: "grey+alpha"
            case .rgba: "RGBA"
            }
        }

        /// Samples per pixel.
        var channels: Int {
            switch self {
            case .gray, .palette: 1
            case .grayAlpha: 2
            case .rgb: 3
            case .rgba: 4
            }
        }

        /// Bit depths the PNG specification allows for this colour type.
        var allowedDepths: [Int] {
            switch self {
            case .gray: [1, 2, 4, 8, 16]
            case .palette: [1, 2, 4, 8]
            case .rgb, .grayAlpha, .rgba: [8, 16]
            }
        }
    }

    let width: Int
    let height: Int
    let bitDepth: Int
    let colorType: ColorType
    let interlaced: Bool
    /// Inflated size of all passes: each row is a filter byte plus its pixel bytes.
    let inflatedSize: Int

    /// Bits in one pixel.
    var bitsPerPixel: Int { bitDepth * colorType.channels }
    /// The byte distance filters look back: one whole pixel, at least one byte.
    var filterStep: Int { max(1, bitsPerPixel / 8) }
    /// Bytes in a row of `pixels` pixels, without the filter byte.
    func rowBytes(pixels: Int) -> Int { (pixels * bitsPerPixel + 7) / 8 }

    init(_ data: ArraySlice<UInt8>, offset: Int, limits: ImageLimits) throws(ImageFileError) {
        let reader = ByteReader(bytes: Array(data), format: .png, bigEndian: true)
        let width = try reader.u32(at: 0, field: "IHDR width")
        let height = try reader.u32(at: 4, field: "IHDR height")
        for (name, value, at) in [("IHDR width", width, 0), ("IHDR height", height, 4)]
        where value == 0 || value > 0x7FFF_FFFF {
            throw .malformed(.png, name, offset: offset + at, expected: "1...2^31-1", found: "\(value)")
        }
        try limits.check(width: width, height: height, format: .png, field: "IHDR width × height", offset: offset)
        let depth = try reader.u8(at: 8, field: "IHDR bit depth")
        let rawColor = try reader.u8(at: 9, field: "IHDR colour type")
        guard let colorType = ColorType(rawValue: rawColor) else {
            throw .malformed(
                .png, "IHDR colour type", offset: offset + 9, expected: "0, 2, 3, 4 or 6", found: "\(rawColor)")
        }
        guard colorType.allowedDepths.contains(depth) else {
            throw .malformed(
                .png, "IHDR bit depth", offset: offset + 8,
                expected:
                    "\(colorType.allowedDepths.map(String.init).joined(separator: ", ")) for colour type \(rawColor)",
                found: "\(depth)")
        }
        let compression = try reader.u8(at: 10, field: "IHDR compression method")
        guard compression == 0 else {
            throw .malformed(
                .png, "IHDR compression method", offset: offset + 10, expected: "0 (deflate)", found: "\(compression)")
        }
        let filter = try reader.u8(at: 11, field: "IHDR filter method")
        guard filter == 0 else {
            throw .malformed(
                .png, "IHDR filter method", offset: offset + 11, expected: "0 (adaptive)", found: "\(filter)")
        }
        let interlace = try reader.u8(at: 12, field: "IHDR interlace method")
        guard interlace <= 1 else {
            throw .malformed(
                .png, "IHDR interlace method", offset: offset + 12, expected: "0 (none) or 1 (Adam7)",
                found: "\(interlace)")
        }
        self.width = width
        self.height = height
        self.bitDepth = depth
        self.colorType = colorType
        self.interlaced = interlace == 1
        // Every factor is bounded (sides below 2^31 and within the limits, at most 64 bits a pixel), but the sum over
        // passes is still checked: the budget, not the arithmetic, has to be what refuses a huge header.
        let bitsPerPixel = depth * colorType.channels
        var rows = 0
        for pass in Self.passes(width: width, height: height, interlaced: interlace == 1) {
            let size = checkedProduct([(pass.width * bitsPerPixel + 7) / 8 + 1, pass.height])
            let (sum, overflow) = rows.addingReportingOverflow(size ?? .max)
            rows = size == nil || overflow ? .max : sum
        }
        inflatedSize = try limits.checkDecodedBytes(
            rows, what: "\(width)×\(height) \(colorType) \(depth)-bit, filtered rows", format: .png,
            field: "IHDR width × height", offset: offset)
    }

    /// One sub-image of the file: the whole image, or one of the seven Adam7 passes.
    struct Pass {
        let xStart, yStart, xStep, yStep: Int
        let width, height: Int
    }

    /// The non-empty passes in file order.
    var passes: [Pass] { Self.passes(width: width, height: height, interlaced: interlaced) }

    /// The non-empty passes of a `width × height` image in file order.
    static func passes(width: Int, height: Int, interlaced: Bool) -> [Pass] {
        guard interlaced else { return [Pass(xStart: 0, yStart: 0, xStep: 1, yStep: 1, width: width, height: height)] }
        let adam7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
        return adam7.compactMap { xStart, yStart, xStep, yStep in
            let passWidth = width > xStart ? (width - xStart + xStep - 1) / xStep : 0
            let passHeight = height > yStart ? (height - yStart + yStep - 1) / yStep : 0
            guard passWidth > 0, passHeight > 0 else { return nil }
            return Pass(
                xStart: xStart, yStart: yStart, xStep: xStep, yStep: yStep, width: passWidth, height: passHeight)
        }
    }
}
