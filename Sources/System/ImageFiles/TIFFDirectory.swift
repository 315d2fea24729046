/// The tags of a TIFF file's first image file directory (IFD) that decoding uses.
struct TIFFDirectory {
    enum Tag: Int, CaseIterable {
        case imageWidth = 256, imageLength = 257, bitsPerSample = 258, compression = 259
        case photometricInterpretation = 262, stripOffsets = 273, samplesPerPixel = 277
        case rowsPerStrip = 278, stripByteCounts = 279, planarConfiguration = 284
        case tileWidth = 322, tileOffsets = 324

        var label: String {
            let name =
                switch self {
                case .imageWidth: "ImageWidth"
                case .imageLength: "ImageLength"
                case .bitsPerSample: "BitsPerSample"
                case .compression: "Compression"
                case .photometricInterpretation: "PhotometricInterpretation"
                case .stripOffsets: "StripOffsets"
                case .samplesPerPixel: "SamplesPerPixel"
                case .rowsPerStrip: "RowsPerStrip"
                case .stripByteCounts: "StripByteCounts"
                case .planarConfiguration: "PlanarConfiguration"
                case .tileWidth: "TileWidth"
                case .tileOffsets: "TileOffsets"
                }
            return "\(name) (\(rawValue))"
        }
    }

    /// One IFD entry: its field type, value count, where the values are and where the entry is.
    struct Entry {
        let type: Int
        let count: Int
        let valuesOffset: Int
        let entryOffset: Int
    }

    let reader: ByteReader
    private var entries: [Tag: Entry] = [:]

    init(reader: ByteReader) throws(ImageFileError) {
        self.reader = reader
        let magic = try reader.u16(at: 2, field: "header magic")
        guard magic == 42 else {
            throw .malformed(.tiff, "header magic", offset: 2, expected: "42", found: "\(magic)")
        }
        let ifd = try reader.u32(at: 4, field: "first IFD offset")
        guard ifd >= 8 else {
            throw .malformed(
                .tiff, "first IFD offset", offset: 4, expected: "8 or more (after the header)", found: "\(ifd)")
        }
        let entryCount = try reader.u16(at: ifd, field: "IFD entry count")
        try reader.require(12 * entryCount, at: ifd + 2, field: "IFD entries (\(entryCount))")
        for index in 0..<entryCount {
            let at = ifd + 2 + 12 * index
            guard let tag = Tag(rawValue: try reader.u16(at: at, field: "IFD entry \(index) tag")) else { continue }
            let type = try reader.u16(at: at + 2, field: "\(tag.label) type")
            let count = try reader.u32(at: at + 4, field: "\(tag.label) count")
            let size: Int
            switch type {
            case 1: size = 1
            case 3: size = 2
            case 4: size = 4
            default:
                throw .unsupported(
                    .tiff, "\(tag.label) type", offset: at + 2,
                    expected: "BYTE (1), SHORT (3) or LONG (4)", found: "\(type)")
            }
            // count < 2^32 and size ≤ 4, and every offset below 2^32: no sum or product here can overflow Int.
            let total = size * count
            let valuesOffset = total <= 4 ? at + 8 : try reader.u32(at: at + 8, field: "\(tag.label) value offset")
            try reader.require(total, at: valuesOffset, field: "\(tag.label) values (\(count))")
            entries[tag] = Entry(type: type, count: count, valuesOffset: valuesOffset, entryOffset: at)
        }
    }

    func has(_ tag: Tag) -> Bool { entries[tag] != nil }

    /// File offset of the tag's IFD entry, if present.
    func offset(of tag: Tag) -> Int? { entries[tag]?.entryOffset }

    /// How many values `tag` declares (from its entry, nothing read); throws when the tag is absent.
    func count(_ tag: Tag) throws(ImageFileError) -> Int {
        try entry(tag).count
    }

    /// Every value of `tag`; throws when the tag is absent. The caller checks `count(_:)` first, so that a declared
    /// count cannot make it read (and allocate for) more values than the image needs.
    func values(_ tag: Tag) throws(ImageFileError) -> [Int] {
        let entry = try entry(tag)
        var result: [Int] = []
        result.reserveCapacity(entry.count)
        for index in 0..<entry.count { result.append(try value(entry, index, tag)) }
        return result
    }

    /// The first value of `tag`, or `fallback` when the tag is absent and a fallback is given.
    func single(_ tag: Tag, default fallback: Int? = nil) throws(ImageFileError) -> Int {
        if entries[tag] == nil, let fallback { return fallback }
        let entry = try entry(tag)
        guard entry.count >= 1 else {
            throw .malformed(.tiff, tag.label, offset: entry.entryOffset, expected: "one value", found: "none")
        }
        return try value(entry, 0, tag)
    }

    private func entry(_ tag: Tag) throws(ImageFileError) -> Entry {
        guard let entry = entries[tag] else {
            throw .malformed(
                .tiff, tag.label, offset: nil, expected: "the tag to be present", found: ImageFileError.absentField)
        }
        return entry
    }

    /// The `index`-th value of `entry`, whose values were checked to lie inside the file.
    private func value(_ entry: Entry, _ index: Int, _ tag: Tag) throws(ImageFileError) -> Int {
        switch entry.type {
        case 1: try reader.u8(at: entry.valuesOffset + index, field: tag.label)
        case 3: try reader.u16(at: entry.valuesOffset + 2 * index, field: tag.label)
        default: try reader.u32(at: entry.valuesOffset + 4 * index, field: tag.label)
        }
    }
}
