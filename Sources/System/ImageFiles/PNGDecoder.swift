/// Decodes PNG: every colour type and bit depth, all five filters, Adam7 interlace, CRCs checked.
/// Transparent pixels are composited over white (the background of a fingerprint scan).
enum PNGDecoder {
    static func decode(_ bytes: [UInt8], limits: ImageLimits) throws(ImageFileError) -> DecodedImage {
        let chunks = try PNGChunks(bytes, limits: limits)
        let header = try PNGHeader(chunks.header, offset: chunks.headerOffset, limits: limits)
        let palette = try PNGPalette(chunks: chunks, header: header)
        let expected = header.inflatedSize
        let raw: [UInt8]
        do {
            raw = try Zlib.inflate(chunks.imageData, expectedCount: expected)
        } catch {
            let field = "IDAT zlib stream"
            let at = chunks.imageDataOffset
            switch error {
            case .corrupt(let message):
                throw .malformed(
                    .png, field, offset: at, expected: "valid deflate data", found: "zlib error: \(message)")
            case .short(let produced):
                throw ImageFileError(
                    kind: .truncated, format: .png, field: field, offset: at,
                    expected: "\(expected) bytes of filtered rows", found: "\(produced) bytes")
            case .excess:
                throw .malformed(
                    .png, "\(field) (inflated size)", offset: at,
                    expected: "exactly the \(expected) bytes of filtered rows that IHDR declares",
                    found: "more than \(expected) bytes (inflating stopped there)")
            case .unterminated:
                throw ImageFileError(
                    kind: .truncated, format: .png, field: field, offset: at,
                    expected: "the end of the zlib stream and its Adler-32", found: "the stream cut short")
            }
        }
        var layout: DecodedImage.Layout =
            switch header.colorType {
            case .gray, .grayAlpha: .gray
            case .rgb, .rgba, .palette: .rgb
            }
        if header.colorType == .palette, palette.isGray { layout = .gray }
        let outputBytes = try limits.checkDecodedBytes(
            header.width, header.height, layout.channels,
            what: "\(header.width)×\(header.height) × \(layout.channels) decoded samples", format: .png,
            field: "IHDR width × height", offset: chunks.headerOffset)
        var output = [UInt8](repeating: 0, count: outputBytes)
        let expander = PixelExpander(header: header, palette: palette, layout: layout)
        var rawOffset = 0
        for (passIndex, pass) in header.passes.enumerated() {
            let rowBytes = header.rowBytes(pixels: pass.width)
            var previous = [UInt8](repeating: 0, count: rowBytes)
            var row = [UInt8](repeating: 0, count: rowBytes)
            for passRow in 0..<pass.height {
                let filterByte = raw[rawOffset]
                guard let filter = PNGFilter(rawValue: filterByte) else {
                    let rowName = header.interlaced ? "pass \(passIndex + 1) row \(passRow)" : "row \(passRow)"
                    throw .malformed(
                        .png, "filter type of \(rowName)", offset: nil,
                        expected: "0-4 (None, Sub, Up, Average, Paeth)", found: "\(filterByte)")
                }
                row.withUnsafeMutableBufferPointer { target in
                    raw.withUnsafeBufferPointer { source in
                        _ = target.initialize(from: source[(rawOffset + 1)..<(rawOffset + 1 + rowBytes)])
                    }
                    previous.withUnsafeBufferPointer { above in
                        filter.unfilter(target, previous: above, step: header.filterStep)
                    }
                }
                rawOffset += rowBytes + 1
                try expander.expand(row: row, pass: pass, passRow: passRow, into: &output)
                swap(&row, &previous)
            }
        }
        return DecodedImage(format: .png, width: header.width, height: header.height, layout: layout, samples: output)
    }
}

/// Turns unfiltered rows into 8-bit grey or RGB samples at their place in the image.
private struct PixelExpander {
    let header: PNGHeader
    let palette: PNGPalette
    let layout: DecodedImage.Layout
    let maxSample: Int

    init(header: PNGHeader, palette: PNGPalette, layout: DecodedImage.Layout) {
        self.header = header
        self.palette = palette
        self.layout = layout
        maxSample = (1 << header.bitDepth) - 1
    }

    /// The `index`-th sample of a row, at the file's bit depth.
    @inline(__always)
    private func sample(_ row: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        switch header.bitDepth {
        case 8: return Int(row[index])
        case 16: return Int(row[2 * index]) << 8 | Int(row[2 * index + 1])
        default:
            let bit = index * header.bitDepth
            return Int(row[bit >> 3] >> UInt8(8 - header.bitDepth - bit & 7)) & maxSample
        }
    }

    /// A sample scaled to 0-255.
    @inline(__always)
    private func scaled(_ value: Int) -> Int {
        header.bitDepth == 8 ? value : (value * 255 + maxSample / 2) / maxSample
    }

    func expand(row: [UInt8], pass: PNGHeader.Pass, passRow: Int, into output: inout [UInt8]) throws(ImageFileError) {
        let y = pass.yStart + passRow * pass.yStep
        let channels = layout.channels
        let width = header.width
        let failure: ImageFileError? = row.withUnsafeBufferPointer { row in
            output.withUnsafeMutableBufferPointer { out in
                for i in 0..<pass.width {
                    let at = (y * width + pass.xStart + i * pass.xStep) * channels
                    switch header.colorType {
                    case .gray:
                        let value = sample(row, i)
                        out[at] = value == palette.grayKey ? 255 : UInt8(scaled(value))
                    case .grayAlpha:
                        out[at] = overWhite(scaled(sample(row, 2 * i)), alpha: scaled(sample(row, 2 * i + 1)))
                    case .rgb:
                        let r = sample(row, 3 * i)
                        let g = sample(row, 3 * i + 1)
                        let b = sample(row, 3 * i + 2)
                        let keyed = palette.rgbKey.map { $0 == (r, g, b) } ?? false
                        out[at] = keyed ? 255 : UInt8(scaled(r))
                        out[at + 1] = keyed ? 255 : UInt8(scaled(g))
                        out[at + 2] = keyed ? 255 : UInt8(scaled(b))
                    case .rgba:
                        let alpha = scaled(sample(row, 4 * i + 3))
                        for c in 0..<3 { out[at + c] = overWhite(scaled(sample(row, 4 * i + c)), alpha: alpha) }
                    case .palette:
                        let index = sample(row, i)
                        guard index < palette.count else {
                            return ImageFileError.malformed(
                                .png, "palette index of pixel (\(pass.xStart + i * pass.xStep), \(y))", offset: nil,
                                expected: "below the \(palette.count) PLTE entries", found: "\(index)")
                        }
                        if channels == 1 {
                            out[at] = palette.composited[3 * index]
                        } else {
                            for c in 0..<3 { out[at + c] = palette.composited[3 * index + c] }
                        }
                    }
                }
                return nil
            }
        }
        if let failure { throw failure }
    }
}
