/// Decodes baseline uncompressed TIFF: 8-bit grey (WhiteIsZero or BlackIsZero) and 8-bit RGB (with an optional
/// extra sample, ignored), in strips, either byte order; only the first image (IFD) is read.
enum TIFFDecoder {
    static func decode(_ bytes: [UInt8], limits: ImageLimits) throws(ImageFileError) -> DecodedImage {
        let reader = ByteReader(bytes: bytes, format: .tiff, bigEndian: bytes.first == 0x4D)
        let directory = try TIFFDirectory(reader: reader)

        let width = try directory.single(.imageWidth)
        let height = try directory.single(.imageLength)
        try limits.check(
            width: width, height: height, format: .tiff, field: "ImageWidth × ImageLength",
            offset: directory.offset(of: .imageWidth))
        let compression = try directory.single(.compression, default: 1)
        guard compression == 1 else {
            throw .unsupported(
                .tiff, "Compression (259)", offset: directory.offset(of: .compression),
                expected: "1 (uncompressed)", found: "\(compression) (\(compressionName(compression)))")
        }
        if directory.has(.tileWidth) || directory.has(.tileOffsets) {
            throw .unsupported(
                .tiff, "TileWidth/TileOffsets (322/324)", offset: directory.offset(of: .tileWidth),
                expected: "strips", found: "a tiled image")
        }
        let photometric = try directory.single(.photometricInterpretation)
        let samplesPerPixel = try directory.single(.samplesPerPixel, default: 1)
        let layout: DecodedImage.Layout
        switch photometric {
        case 0, 1:
            guard samplesPerPixel == 1 else {
                throw .unsupported(
                    .tiff, "SamplesPerPixel (277)", offset: directory.offset(of: .samplesPerPixel),
                    expected: "1 for a greyscale image", found: "\(samplesPerPixel)")
            }
            layout = .gray
        case 2:
            guard samplesPerPixel == 3 || samplesPerPixel == 4 else {
                throw .unsupported(
                    .tiff, "SamplesPerPixel (277)", offset: directory.offset(of: .samplesPerPixel),
                    expected: "3 (RGB) or 4 (RGB + extra sample)", found: "\(samplesPerPixel)")
            }
            layout = .rgb
        default:
            throw .unsupported(
                .tiff, "PhotometricInterpretation (262)", offset: directory.offset(of: .photometricInterpretation),
                expected: "0 or 1 (greyscale) or 2 (RGB)", found: "\(photometric)")
        }
        // Absent, BitsPerSample is 1 (bilevel); its values are read only when there is one per sample.
        let bitsCount = directory.has(.bitsPerSample) ? try directory.count(.bitsPerSample) : 1
        let bits =
            bitsCount != samplesPerPixel
            ? [] : directory.has(.bitsPerSample) ? try directory.values(.bitsPerSample) : [1]
        guard !bits.isEmpty, bits.allSatisfy({ $0 == 8 }) else {
            throw .unsupported(
                .tiff, "BitsPerSample (258)", offset: directory.offset(of: .bitsPerSample),
                expected: "8 for each of \(samplesPerPixel) samples",
                found: bits.isEmpty ? "\(bitsCount) values" : bits.map(String.init).joined(separator: ","))
        }
        let planar = try directory.single(.planarConfiguration, default: 1)
        guard planar == 1 || samplesPerPixel == 1 else {
            throw .unsupported(
                .tiff, "PlanarConfiguration (284)", offset: directory.offset(of: .planarConfiguration),
                expected: "1 (chunky)", found: "\(planar)")
        }

        let what = "\(width)×\(height)×\(samplesPerPixel)"
        // Both factors come from the file and width is limited only by `limits.maxSide`: saturate, not trap.
        let bytesPerRow = saturatingProduct(width, samplesPerPixel)
        let rowsPerStrip = min(try directory.single(.rowsPerStrip, default: height), height)
        guard rowsPerStrip >= 1 else {
            throw .malformed(
                .tiff, "RowsPerStrip (278)", offset: directory.offset(of: .rowsPerStrip),
                expected: "at least 1", found: "\(rowsPerStrip)")
        }
        let stripCount = (height + rowsPerStrip - 1) / rowsPerStrip
        // Counted from the IFD entries before any value is read: a declared count cannot make the reader walk
        // (or allocate for) more strips than the budget and the image allow.
        let offsetCount = try directory.count(.stripOffsets)
        let byteCountCount = try directory.count(.stripByteCounts)
        try ImageLimits.checkWork(
            max(offsetCount, byteCountCount, stripCount), limit: limits.maxTIFFStrips, budget: "maxTIFFStrips",
            format: .tiff, field: "strip count (StripOffsets/StripByteCounts, 273/279)",
            offset: directory.offset(of: .stripOffsets),
            found: "\(offsetCount) offsets, \(byteCountCount) byte counts, \(stripCount) strips needed")
        guard offsetCount == stripCount, byteCountCount == stripCount else {
            throw .malformed(
                .tiff, "StripOffsets/StripByteCounts (273/279)", offset: directory.offset(of: .stripOffsets),
                expected: "\(stripCount) strips (ImageLength \(height) / RowsPerStrip \(rowsPerStrip))",
                found: "\(offsetCount) offsets, \(byteCountCount) byte counts")
        }
        let offsets = try directory.values(.stripOffsets)
        let counts = try directory.values(.stripByteCounts)
        // Checked before allocating: a tiny file cannot claim a huge raster.
        let needed = saturatingProduct(bytesPerRow, height)
        guard needed <= bytes.count else {
            throw .truncated(.tiff, "image data (\(what))", offset: 0, needed: needed, fileBytes: bytes.count)
        }
        var samples: [UInt8] = []
        samples.reserveCapacity(
            try limits.checkDecodedBytes(
                width, height, layout.channels, what: "\(width)×\(height) × \(layout.channels) decoded samples",
                format: .tiff, field: "ImageWidth × ImageLength", offset: directory.offset(of: .imageWidth)))
        for strip in 0..<stripCount {
            let rows = min(rowsPerStrip, height - strip * rowsPerStrip)
            let stripBytes = rows * bytesPerRow
            guard counts[strip] >= stripBytes else {
                throw .malformed(
                    .tiff, "StripByteCounts[\(strip)]", offset: directory.offset(of: .stripByteCounts),
                    expected: "at least \(stripBytes) (\(rows) rows × \(bytesPerRow) bytes)", found: "\(counts[strip])")
            }
            let data = try reader.slice(
                stripBytes, at: offsets[strip], field: "strip \(strip) data (StripOffsets[\(strip)])")
            if samplesPerPixel == 4 {
                for (index, byte) in data.enumerated() where index % 4 != 3 { samples.append(byte) }
            } else {
                samples.append(contentsOf: data)
            }
        }
        if photometric == 0 {
            for i in samples.indices { samples[i] = 255 - samples[i] }
        }
        return DecodedImage(format: .tiff, width: width, height: height, layout: layout, samples: samples)
    }

    static func compressionName(_ value: Int) -> String {
        switch value {
        case 2: "CCITT modified Huffman"
        case 3: "CCITT T.4"
        case 4: "CCITT T.6"
        case 5: "LZW"
        case 6, 7: "JPEG"
        case 8, 32946: "Deflate"
        case 32773: "PackBits"
        default: "unknown"
        }
    }
}
