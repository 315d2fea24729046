import Testing

@testable import ImageFiles

/// Builds a one-IFD TIFF by hand: header, pixel strips, then the IFD with out-of-line values after it.
struct TIFFBuilder {
    var littleEndian = true
    var width: Int
    var height: Int
    var samplesPerPixel = 1
    var photometric = 1
    var compression = 1
    var rowsPerStrip: Int
    var pixels: [UInt8]
    /// Extra (tag, type, values) entries, e.g. tiles.
    var extra: [(tag: Int, type: Int, values: [Int])] = []
    /// Tags to leave out.
    var omit: Set<Int> = []

    func u16(_ value: Int) -> [UInt8] {
        let bytes = [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
        return littleEndian ? bytes.reversed() : bytes
    }

    func u32(_ value: Int) -> [UInt8] {
        let bytes = [
            UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF),
        ]
        return littleEndian ? bytes.reversed() : bytes
    }

    func build() -> [UInt8] {
        var file: [UInt8] = littleEndian ? [0x49, 0x49, 0x2A, 0x00] : [0x4D, 0x4D, 0x00, 0x2A]
        file += u32(0)  // IFD offset, patched below
        let rowBytes = width * samplesPerPixel
        var offsets: [Int] = []
        var counts: [Int] = []
        var row = 0
        while row < height {
            let rows = min(rowsPerStrip, height - row)
            offsets.append(file.count)
            counts.append(rows * rowBytes)
            file += pixels[(row * rowBytes)..<((row + rows) * rowBytes)]
            row += rows
        }
        var entries: [(tag: Int, type: Int, values: [Int])] = [
            (256, 3, [width]), (257, 4, [height]), (258, 3, Array(repeating: 8, count: samplesPerPixel)),
            (259, 3, [compression]), (262, 3, [photometric]), (273, 4, offsets), (277, 3, [samplesPerPixel]),
            (278, 3, [rowsPerStrip]), (279, 4, counts),
        ]
        entries = (entries.filter { !omit.contains($0.tag) } + extra).sorted { $0.tag < $1.tag }
        let ifd = file.count
        let patched = u32(ifd)
        file.replaceSubrange(4..<8, with: patched)
        var outOfLine: [UInt8] = []
        let dataStart = ifd + 2 + 12 * entries.count + 4
        file += u16(entries.count)
        for entry in entries {
            let encoded = entry.values.flatMap { entry.type == 3 ? u16($0) : u32($0) }
            file += u16(entry.tag) + u16(entry.type) + u32(entry.values.count)
            if encoded.count <= 4 {
                file += encoded + [UInt8](repeating: 0, count: 4 - encoded.count)
            } else {
                file += u32(dataStart + outOfLine.count)
                outOfLine += encoded
            }
        }
        file += u32(0) + outOfLine
        return file
    }
}

struct TIFFTests {
    static let pixels = noiseBytes(5 * 7, seed: 21)

    @Test(arguments: [true, false], [1, 3, 7])
    func greyInEitherByteOrderAndAnyStripSize(littleEndian: Bool, rowsPerStrip: Int) throws {
        let tiff = TIFFBuilder(
            littleEndian: littleEndian, width: 5, height: 7, rowsPerStrip: rowsPerStrip, pixels: Self.pixels)
        let image = try ImageFile.decode(tiff.build())
        #expect(image.format == .tiff && image.layout == .gray)
        #expect(image.width == 5 && image.height == 7)
        #expect(image.samples == Self.pixels)
    }

    @Test func whiteIsZeroIsInverted() throws {
        let tiff = TIFFBuilder(width: 5, height: 7, photometric: 0, rowsPerStrip: 7, pixels: Self.pixels)
        #expect(try ImageFile.decode(tiff.build()).samples == Self.pixels.map { 255 - $0 })
    }

    @Test func rgb24Bit() throws {
        let rgb = noiseBytes(3 * 4 * 3, seed: 4)
        let tiff = TIFFBuilder(
            littleEndian: false, width: 4, height: 3, samplesPerPixel: 3, photometric: 2, rowsPerStrip: 2, pixels: rgb)
        let image = try ImageFile.decode(tiff.build())
        #expect(image.layout == .rgb)
        #expect(image.samples == rgb)
        #expect(try image.grayImage().pixels[0] == luma(red: rgb[0], green: rgb[1], blue: rgb[2]))
    }

    func expectError(
        _ bytes: [UInt8], kind: ImageFileError.Kind, field: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            _ = try ImageFile.decode(bytes)
            Issue.record("decoded; expected \(kind) in \(field)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.format == .tiff, sourceLocation: sourceLocation)
            #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
            #expect(error.field.contains(field), "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func compressedTIFFIsRejectedByName() {
        let tiff = TIFFBuilder(width: 5, height: 7, compression: 5, rowsPerStrip: 7, pixels: Self.pixels)
        expectError(tiff.build(), kind: .unsupported, field: "Compression (259)")
        do {
            _ = try ImageFile.decode(tiff.build())
        } catch {
            #expect(error.found == "5 (LZW)")
            #expect(error.expected == "1 (uncompressed)")
        }
    }

    @Test func unsupportedLayoutsAreNamed() throws {
        let base = TIFFBuilder(width: 5, height: 7, rowsPerStrip: 7, pixels: Self.pixels)
        var palette = base
        palette.photometric = 3
        expectError(palette.build(), kind: .unsupported, field: "PhotometricInterpretation (262)")
        var tiled = base
        tiled.extra = [(322, 3, [16])]
        expectError(tiled.build(), kind: .unsupported, field: "TileWidth")
        var noOffsets = base
        noOffsets.omit = [273]
        expectError(noOffsets.build(), kind: .malformed, field: "StripOffsets (273)")
        var wrongStrips = base
        wrongStrips.rowsPerStrip = 2
        wrongStrips.extra = []
        var bytes = wrongStrips.build()
        // Claim 7 rows per strip while the file holds four strip offsets.
        let rowsEntry = try #require(findEntry(bytes, tag: 278))
        bytes[rowsEntry + 8] = 7
        expectError(bytes, kind: .malformed, field: "StripOffsets/StripByteCounts")
    }

    @Test func badHeaderAndTruncation() {
        let bytes = TIFFBuilder(width: 5, height: 7, rowsPerStrip: 7, pixels: Self.pixels).build()
        var magic = bytes
        magic[2] = 43
        // II+43 is not a TIFF signature at all.
        #expect(throws: ImageFileError.self) { try ImageFile.decode(magic) }
        // The last four bytes (next-IFD offset) are not needed to decode the first image.
        for length in 4..<(bytes.count - 4) {
            do {
                _ = try ImageFile.decode(Array(bytes.prefix(length)))
                Issue.record("\(length)-byte prefix decoded")
            } catch {
                #expect([.truncated, .malformed].contains(error.kind), "\(length): \(error)")
            }
        }
    }

    @Test func hugeDeclaredSizeIsTooLarge() {
        var tiff = TIFFBuilder(width: 5, height: 7, rowsPerStrip: 7, pixels: Self.pixels)
        tiff.omit = [256]
        tiff.extra = [(256, 4, [100_000])]
        expectError(tiff.build(), kind: .tooLarge, field: "ImageWidth")
    }

    /// Byte offset of the IFD entry for `tag` in a little-endian file.
    func findEntry(_ bytes: [UInt8], tag: Int) -> Int? {
        let ifd = Int(bytes[4]) | Int(bytes[5]) << 8 | Int(bytes[6]) << 16 | Int(bytes[7]) << 24
        let count = Int(bytes[ifd]) | Int(bytes[ifd + 1]) << 8
        return (0..<count).map { ifd + 2 + 12 * $0 }.first { Int(bytes[$0]) | Int(bytes[$0 + 1]) << 8 == tag }
    }
}
