import Testing

@testable import ImageFiles

/// Every malformed PNG gets a typed error naming the field; none crashes.
struct PNGMalformedTests {
    static let valid = PNGBuilder(width: 4, height: 3, rows: rowsOf(noiseBytes(12), rowBytes: 4), filters: [0, 1, 4])
        .build()

    /// The file with `header` as IHDR payload (CRC recomputed) and `idat` as the only IDAT payload.
    static func file(header: [UInt8], idat: [UInt8], extra: [UInt8] = []) -> [UInt8] {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + PNGBuilder.chunk("IHDR", header) + extra
            + PNGBuilder.chunk("IDAT", idat) + PNGBuilder.chunk("IEND", [])
    }

    static func ihdr(width: UInt32 = 4, height: UInt32 = 3, depth: UInt8 = 8, color: UInt8 = 0, interlace: UInt8 = 0)
        -> [UInt8]
    {
        bigEndian(width) + bigEndian(height) + [depth, color, 0, 0, interlace]
    }

    func expectError(
        _ bytes: [UInt8], kind: ImageFileError.Kind, field: String, limits: ImageLimits = .standard,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            let image = try ImageFile.decode(bytes, limits: limits)
            Issue.record(
                "decoded \(image.width)×\(image.height), expected \(kind) in \(field)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
            #expect(error.field.contains(field), "\(error)", sourceLocation: sourceLocation)
            #expect(!error.description.isEmpty)
        }
    }

    @Test func validFileDecodes() throws {
        #expect(try ImageFile.decode(Self.valid).samples == noiseBytes(12))
    }

    @Test func badSignatureIsUnknownFormat() {
        var bytes = Self.valid
        bytes[1] = 0x51
        expectError(bytes, kind: .unknownFormat, field: "signature")
        expectError([], kind: .unknownFormat, field: "signature")
    }

    @Test func corruptedDataFailsItsCRC() {
        var bytes = Self.valid
        bytes[20] ^= 0x01  // inside IHDR's width field
        expectError(bytes, kind: .checksumMismatch, field: "IHDR CRC")
        var idat = Self.valid
        idat[idat.count - 20] ^= 0xFF  // inside IDAT data
        expectError(idat, kind: .checksumMismatch, field: "IDAT CRC")
    }

    @Test func everyTruncationIsReportedNotCrashed() {
        for length in 0..<Self.valid.count {
            do {
                _ = try ImageFile.decode(Array(Self.valid.prefix(length)))
                Issue.record("a \(length)-byte prefix decoded")
            } catch {
                #expect([.truncated, .unknownFormat].contains(error.kind), "\(length): \(error)")
            }
        }
    }

    @Test func firstChunkMustBeIHDR() {
        let bytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + PNGBuilder.chunk("IDAT", [])
        expectError(bytes, kind: .malformed, field: "first chunk")
    }

    @Test func ihdrFieldsAreValidated() {
        let idat = PNGBuilder.zlib([UInt8](repeating: 0, count: 15))
        expectError(Self.file(header: Self.ihdr(depth: 7), idat: idat), kind: .malformed, field: "IHDR bit depth")
        expectError(
            Self.file(header: Self.ihdr(depth: 16, color: 3), idat: idat), kind: .malformed, field: "IHDR bit depth")
        expectError(Self.file(header: Self.ihdr(color: 5), idat: idat), kind: .malformed, field: "IHDR colour type")
        expectError(
            Self.file(header: Self.ihdr(interlace: 2), idat: idat), kind: .malformed, field: "IHDR interlace method")
        expectError(Self.file(header: Self.ihdr(width: 0), idat: idat), kind: .malformed, field: "IHDR width")
        expectError(
            Self.file(header: Array(Self.ihdr().prefix(12)), idat: idat), kind: .malformed, field: "IHDR length")
    }

    @Test func hugeDeclaredSizeIsRefusedBeforeInflating() {
        // A decompression bomb: a few bytes of deflate claiming 40000 × 40000 pixels.
        let bomb = Self.file(header: Self.ihdr(width: 40_000, height: 40_000), idat: PNGBuilder.zlib([0, 0, 0]))
        expectError(bomb, kind: .tooLarge, field: "IHDR width × height")
        let small = ImageLimits(maxSide: 100, maxPixels: 50)
        expectError(Self.valid, kind: .tooLarge, field: "IHDR", limits: ImageLimits(maxSide: 3))
        expectError(
            Self.file(header: Self.ihdr(width: 10, height: 10), idat: []), kind: .tooLarge, field: "IHDR", limits: small
        )
    }

    @Test func zlibStreamProblems() {
        let rows = [UInt8](repeating: 0, count: 15)  // 3 rows of filter byte + 4 pixels
        let header = Self.ihdr()
        expectError(
            Self.file(header: header, idat: [0x78, 0x9C, 0xFF, 0xFF, 0xFF]), kind: .malformed, field: "IDAT zlib stream"
        )
        expectError(
            Self.file(header: header, idat: PNGBuilder.zlib(Array(rows.prefix(10)))), kind: .truncated,
            field: "IDAT zlib stream")
        expectError(
            Self.file(header: header, idat: PNGBuilder.zlib(rows + [0, 0])), kind: .malformed, field: "IDAT zlib stream"
        )
        let full = PNGBuilder.zlib(rows)
        expectError(
            Self.file(header: header, idat: Array(full.dropLast(4))), kind: .truncated, field: "IDAT zlib stream")
    }

    @Test func unknownFilterTypeNamesTheRow() {
        var rows = [UInt8](repeating: 0, count: 15)
        rows[10] = 5  // filter byte of row 2
        do {
            _ = try ImageFile.decode(Self.file(header: Self.ihdr(), idat: PNGBuilder.zlib(rows)))
            Issue.record("filter 5 accepted")
        } catch {
            #expect(error.kind == .malformed)
            #expect(error.field == "filter type of row 2")
            #expect(error.found == "5")
        }
    }

    @Test func paletteProblems() {
        let idat = PNGBuilder.zlib([0, 0, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        let header = Self.ihdr(color: 3)
        expectError(Self.file(header: header, idat: idat), kind: .malformed, field: "PLTE")
        let twoColours = PNGBuilder.chunk("PLTE", [0, 0, 0, 255, 255, 0])
        expectError(
            Self.file(header: header, idat: idat, extra: twoColours), kind: .malformed,
            field: "palette index of pixel (2, 0)")
        expectError(
            Self.file(header: header, idat: idat, extra: PNGBuilder.chunk("PLTE", [1, 2])), kind: .malformed,
            field: "PLTE length")
        let tooManyAlphas = twoColours + PNGBuilder.chunk("tRNS", [0, 0, 0])
        expectError(Self.file(header: header, idat: idat, extra: tooManyAlphas), kind: .malformed, field: "tRNS length")
        expectError(Self.file(header: Self.ihdr(), idat: idat, extra: twoColours), kind: .malformed, field: "PLTE")
    }

    @Test func unknownCriticalChunkIsUnsupported() {
        let bytes = Self.file(
            header: Self.ihdr(), idat: PNGBuilder.zlib([UInt8](repeating: 0, count: 15)),
            extra: PNGBuilder.chunk("ABCD", [1]))
        expectError(bytes, kind: .unsupported, field: "critical chunk ABCD")
    }

    @Test func chunkOrderIsChecked() {
        let idat = PNGBuilder.chunk("IDAT", PNGBuilder.zlib([UInt8](repeating: 0, count: 15)))
        let start = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + PNGBuilder.chunk("IHDR", Self.ihdr())
        let split =
            start + Array(idat) + PNGBuilder.chunk("tEXt", Array("a\0b".utf8)) + idat + PNGBuilder.chunk("IEND", [])
        expectError(split, kind: .malformed, field: "IDAT")
        expectError(start + PNGBuilder.chunk("IEND", []), kind: .malformed, field: "IDAT")
        expectError(start + Array(idat), kind: .truncated, field: "chunk 2 length")
    }
}
