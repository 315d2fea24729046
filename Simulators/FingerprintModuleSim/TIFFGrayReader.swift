import Biometrics

/// Reads 8-bit greyscale, uncompressed, single-sample TIFF (baseline "bilevel/greyscale" images).
enum TIFFGrayReader {
    /// Tag numbers this reader uses.
    enum Tag: UInt16 {
        case imageWidth = 256, imageLength = 257, bitsPerSample = 258, compression = 259
        case photometricInterpretation = 262, stripOffsets = 273, samplesPerPixel = 277
        case rowsPerStrip = 278, stripByteCounts = 279, planarConfiguration = 284
    }

    /// One IFD entry: type and count, and where its values start.
    struct Entry {
        let type: UInt16
        let count: Int
        let valueOffset: Int
    }

    static func decode(_ bytes: [UInt8]) throws(FingerprintImageFileError) -> GrayImage {
        let reader = Reader(bytes: bytes, littleEndian: bytes.first == 0x49)
        guard try reader.u16(at: 2, field: "TIFF header") == 42 else {
            throw .unknownFormat(firstBytes: Array(bytes.prefix(4)))
        }
        let ifd = Int(try reader.u32(at: 4, field: "TIFF header"))
        let entryCount = Int(try reader.u16(at: ifd, field: "IFD entry count"))
        var entries: [Tag: Entry] = [:]
        for index in 0..<entryCount {
            let at = ifd + 2 + 12 * index
            let tag = try reader.u16(at: at, field: "IFD entry \(index)")
            let type = try reader.u16(at: at + 2, field: "IFD entry \(index)")
            let count = Int(try reader.u32(at: at + 4, field: "IFD entry \(index)"))
            guard let known = Tag(rawValue: tag) else { continue }
            let size = (type == 3 ? 2 : 4) * count
            let valueOffset = size <= 4 ? at + 8 : Int(try reader.u32(at: at + 8, field: "\(known) value offset"))
            entries[known] = Entry(type: type, count: count, valueOffset: valueOffset)
        }

        func values(_ tag: Tag) throws(FingerprintImageFileError) -> [Int] {
            guard let entry = entries[tag] else { throw .missingTag(Self.name(tag)) }
            guard entry.type == 3 || entry.type == 4 else {
                throw .unsupportedTag(
                    tag: Self.name(tag), expected: "type SHORT (3) or LONG (4)", received: "type \(entry.type)")
            }
            var result: [Int] = []
            for index in 0..<entry.count {
                if entry.type == 3 {
                    result.append(Int(try reader.u16(at: entry.valueOffset + 2 * index, field: Self.name(tag))))
                } else {
                    result.append(Int(try reader.u32(at: entry.valueOffset + 4 * index, field: Self.name(tag))))
                }
            }
            return result
        }
        func single(_ tag: Tag, default fallback: Int? = nil) throws(FingerprintImageFileError) -> Int {
            if entries[tag] == nil, let fallback { return fallback }
            let all = try values(tag)
            guard let first = all.first else {
                throw .unsupportedTag(tag: Self.name(tag), expected: "one value", received: "none")
            }
            return first
        }
        func require(_ tag: Tag, _ value: Int, is expected: Int, _ meaning: String) throws(FingerprintImageFileError) {
            guard value == expected else {
                throw .unsupportedTag(tag: Self.name(tag), expected: "\(expected) (\(meaning))", received: "\(value)")
            }
        }

        let width = try single(.imageWidth)
        let height = try single(.imageLength)
        try require(.bitsPerSample, try single(.bitsPerSample, default: 1), is: 8, "8-bit grey")
        try require(.compression, try single(.compression, default: 1), is: 1, "uncompressed")
        try require(.samplesPerPixel, try single(.samplesPerPixel, default: 1), is: 1, "one sample per pixel")
        try require(.planarConfiguration, try single(.planarConfiguration, default: 1), is: 1, "chunky")
        let photometric = try single(.photometricInterpretation)
        guard photometric == 0 || photometric == 1 else {
            throw .unsupportedTag(
                tag: Self.name(.photometricInterpretation),
                expected: "0 or 1 (greyscale)", received: "\(photometric)")
        }
        guard (1...GrayImage.maxSide).contains(width), (1...GrayImage.maxSide).contains(height) else {
            throw .unsupportedTag(
                tag: "ImageWidth/ImageLength", expected: "1-\(GrayImage.maxSide)", received: "\(width)×\(height)")
        }
        // Checked before allocating, so a tiny file claiming a huge image fails fast.
        guard width * height <= bytes.count else {
            throw .truncated(field: "pixels (\(width)×\(height))", neededBytes: width * height, fileBytes: bytes.count)
        }
        let rowsPerStrip = min(try single(.rowsPerStrip, default: height), height)
        guard rowsPerStrip >= 1 else {
            throw .unsupportedTag(tag: Self.name(.rowsPerStrip), expected: "1 or more", received: "\(rowsPerStrip)")
        }
        let offsets = try values(.stripOffsets)
        let counts = try values(.stripByteCounts)
        let stripCount = (height + rowsPerStrip - 1) / rowsPerStrip
        guard offsets.count == stripCount, counts.count == stripCount else {
            throw .unsupportedTag(
                tag: "StripOffsets/StripByteCounts",
                expected: "\(stripCount) strips (ImageLength \(height) / RowsPerStrip \(rowsPerStrip))",
                received: "\(offsets.count) offsets, \(counts.count) byte counts")
        }
        var pixels: [UInt8] = []
        pixels.reserveCapacity(width * height)
        for strip in 0..<stripCount {
            let rows = min(rowsPerStrip, height - strip * rowsPerStrip)
            let needed = rows * width
            guard counts[strip] >= needed else {
                throw .unsupportedTag(
                    tag: "StripByteCounts[\(strip)]", expected: "at least \(needed)", received: "\(counts[strip])")
            }
            let end = offsets[strip] + needed
            guard end <= bytes.count else {
                throw .truncated(field: "strip \(strip) pixels", neededBytes: end, fileBytes: bytes.count)
            }
            pixels += bytes[offsets[strip]..<end]
        }
        if photometric == 0 { pixels = pixels.map { 255 - $0 } }
        do {
            return try GrayImage(width: width, height: height, pixels: pixels)
        } catch {
            throw .unsupportedTag(tag: "ImageWidth/ImageLength", expected: "a valid size", received: "\(error)")
        }
    }

    static func name(_ tag: Tag) -> String {
        switch tag {
        case .imageWidth: "ImageWidth (256)"
        case .imageLength: "ImageLength (257)"
        case .bitsPerSample: "BitsPerSample (258)"
        case .compression: "Compression (259)"
        case .photometricInterpretation: "PhotometricInterpretation (262)"
        case .stripOffsets: "StripOffsets (273)"
        case .samplesPerPixel: "SamplesPerPixel (277)"
        case .rowsPerStrip: "RowsPerStrip (278)"
        case .stripByteCounts: "StripByteCounts (279)"
        case .planarConfiguration: "PlanarConfiguration (284)"
        }
    }

    /// Bounds-checked integer reads in the file's byte order.
    struct Reader {
        let bytes: [UInt8]
        let littleEndian: Bool

        func u16(at offset: Int, field: String) throws(FingerprintImageFileError) -> UInt16 {
            guard offset >= 0, offset + 2 <= bytes.count else {
                throw .truncated(field: field, neededBytes: offset + 2, fileBytes: bytes.count)
            }
            let a = UInt16(bytes[offset])
            let b = UInt16(bytes[offset + 1])
            return littleEndian ? b << 8 | a : a << 8 | b
        }

        func u32(at offset: Int, field: String) throws(FingerprintImageFileError) -> UInt32 {
            let first = UInt32(try u16(at: offset, field: field))
            let second = UInt32(try u16(at: offset + 2, field: field))
            return littleEndian ? second << 16 | first : first << 16 | second
        }
    }
}
