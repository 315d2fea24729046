/// Decodes PGM (P2 ASCII, P5 binary) and PPM (P3 ASCII, P6 binary) with maxval 1-65535; samples are scaled
/// to 0-255 and binary samples above 255 are two bytes, most significant first.
enum NetpbmDecoder {
    static func decode(_ bytes: [UInt8], limits: ImageLimits) throws(ImageFileError) -> DecodedImage {
        try decode(bytes, header: try NetpbmHeader(bytes, limits: limits))
    }

    /// Decodes the raster after `header`, which was read from `bytes`.
    static func decode(_ bytes: [UInt8], header: NetpbmHeader) throws(ImageFileError) -> DecodedImage {
        let (format, ascii, width, height, maxval) = (
            header.format, header.ascii, header.width, header.height, header.maxval
        )
        let layout: DecodedImage.Layout = format == .pgm ? .gray : .rgb
        var scanner = NetpbmScanner(bytes: bytes, format: format, offset: header.end)
        let count = header.sampleCount
        let what = "\(width)×\(height) × \(layout.channels) samples"
        // Samples go straight to 8 bits (no array of wide integers): memory stays at the decoded size.
        let scale = Sample(maxval: maxval)
        var samples: [UInt8] = []
        if ascii {
            // Each sample takes at least one byte: reject impossible sizes before parsing.
            guard count <= bytes.count - scanner.offset else {
                throw .truncated(
                    format, "ASCII samples (\(count))", offset: scanner.offset, needed: count, fileBytes: bytes.count)
            }
            samples = try header.allocateSamples(what: what)
            for index in 0..<count {
                let value = try scanner.number("sample \(index)", allowZero: true)
                samples[index] = try scale(value, index: index, channels: layout.channels, format: format)
            }
        } else {
            guard scanner.offset < bytes.count, isNetpbmSpace(bytes[scanner.offset]) else {
                throw .malformed(
                    format, "header end", offset: scanner.offset,
                    expected: "one whitespace byte after maxval", found: scanner.describeHere())
            }
            let start = scanner.offset + 1
            let wide = maxval > 255
            let reader = ByteReader(bytes: bytes, format: format, bigEndian: true)
            let raster = try reader.slice(
                saturatingProduct(count, wide ? 2 : 1), at: start, field: "raster (\(count) samples)")
            samples = try header.allocateSamples(what: what)
            for index in 0..<count {
                let value =
                    wide
                    ? Int(raster[start + 2 * index]) << 8 | Int(raster[start + 2 * index + 1])
                    : Int(raster[start + index])
                samples[index] = try scale(value, index: index, channels: layout.channels, format: format)
            }
        }
        return DecodedImage(format: format, width: width, height: height, layout: layout, samples: samples)
    }
}

/// A sample (0...maxval) scaled to 0-255, rounded; a value above maxval is an error naming the sample and pixel.
private struct Sample {
    let maxval: Int

    func callAsFunction(_ value: Int, index: Int, channels: Int, format: ImageFormat) throws(ImageFileError) -> UInt8 {
        guard value <= maxval else {
            throw .malformed(
                format, "sample \(index) (pixel \(index / channels))", offset: nil,
                expected: "at most maxval \(maxval)", found: "\(value)")
        }
        // value ≤ maxval ≤ 65535: the product stays far inside Int.
        return maxval == 255 ? UInt8(value) : UInt8((value * 255 + maxval / 2) / maxval)
    }
}

/// The header of a Netpbm file: magic, width, height and maxval.
struct NetpbmHeader {
    /// `.pgm` (P2, P5) or `.ppm` (P3, P6).
    let format: ImageFormat
    /// Whether the samples are decimal text (P2, P3) rather than binary (P5, P6).
    let ascii: Bool
    let width: Int
    let height: Int
    /// The largest sample value, 1-65535.
    let maxval: Int
    /// Index just past maxval.
    let end: Int
    /// width × height × channels (`Int.max` if that overflows: no file holds that many).
    let sampleCount: Int
    /// The limits the header was read with.
    let limits: ImageLimits

    /// Reads the header; width and height are checked against `limits` before anything else is read.
    init(_ bytes: [UInt8], limits: ImageLimits) throws(ImageFileError) {
        let magic = bytes.count >= 2 ? bytes[1] : 0
        format = magic == UInt8(ascii: "2") || magic == UInt8(ascii: "5") ? .pgm : .ppm
        ascii = magic == UInt8(ascii: "2") || magic == UInt8(ascii: "3")
        var scanner = NetpbmScanner(bytes: bytes, format: format, offset: 2)
        width = try scanner.number("width")
        height = try scanner.number("height")
        try limits.check(width: width, height: height, format: format, field: "width × height", offset: nil)
        let channels = format == .pgm ? 1 : 3
        sampleCount = saturatingProduct(width, height, channels)
        self.limits = limits
        if ascii {
            try ImageLimits.checkWork(
                sampleCount, limit: limits.maxNetpbmTextSamples, budget: "maxNetpbmTextSamples", format: format,
                field: "ASCII samples (width × height × channels)", offset: nil,
                found: "\(sampleCount) (\(width)×\(height) × \(channels))")
        }
        let maxvalOffset = scanner.offset
        maxval = try scanner.number("maxval")
        guard (1...65_535).contains(maxval) else {
            throw .malformed(format, "maxval", offset: maxvalOffset, expected: "1-65535", found: "\(maxval)")
        }
        end = scanner.offset
    }

    /// Zeroed storage for the samples, once the file was found to hold them and their size fits the limits.
    func allocateSamples(what: String) throws(ImageFileError) -> [UInt8] {
        let count = try limits.checkDecodedBytes(
            sampleCount, what: what, format: format, field: "width × height", offset: nil)
        return [UInt8](repeating: 0, count: count)
    }
}

/// Reads decimal numbers separated by whitespace and `#` comments, as Netpbm headers (and ASCII rasters) have.
struct NetpbmScanner {
    let bytes: [UInt8]
    let format: ImageFormat
    /// Index of the next unread byte.
    var offset: Int

    mutating func skipSpaceAndComments() {
        while offset < bytes.count {
            if bytes[offset] == UInt8(ascii: "#") {
                while offset < bytes.count, bytes[offset] != 0x0A, bytes[offset] != 0x0D { offset += 1 }
            } else if isNetpbmSpace(bytes[offset]) {
                offset += 1
            } else {
                return
            }
        }
    }

    mutating func number(_ field: String, allowZero: Bool = false) throws(ImageFileError) -> Int {
        skipSpaceAndComments()
        let start = offset
        var value = 0
        while offset < bytes.count, (0x30...0x39).contains(bytes[offset]) {
            guard offset - start < 9 else {
                throw .malformed(
                    format, field, offset: start, expected: "a decimal number of at most 9 digits",
                    found: "a longer number")
            }
            value = value * 10 + Int(bytes[offset] - 0x30)
            offset += 1
        }
        guard offset > start else {
            if offset >= bytes.count {
                throw ImageFileError(
                    kind: .truncated, format: format, field: field, offset: offset,
                    expected: "a decimal number", found: "end of file")
            }
            throw .malformed(format, field, offset: offset, expected: "a decimal number", found: describeHere())
        }
        guard offset >= bytes.count || isNetpbmSpace(bytes[offset]) || bytes[offset] == UInt8(ascii: "#") else {
            throw .malformed(
                format, field, offset: offset, expected: "whitespace after the number", found: describeHere())
        }
        guard allowZero || value > 0 else {
            throw .malformed(format, field, offset: start, expected: "a positive number", found: "0")
        }
        return value
    }

    func describeHere() -> String {
        offset < bytes.count ? "byte 0x\(hexByte(bytes[offset]))" : "end of file"
    }
}
