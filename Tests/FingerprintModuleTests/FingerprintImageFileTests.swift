import Biometrics
import FingerprintModule
import FingerprintModuleSim
import Foundation
import ImageFiles
import Imaging
import Testing

/// A minimal greyscale TIFF: one IFD with the tags the reader needs, pixels in `rowsPerStrip` strips.
func makeTIFF(
    width: Int, height: Int, pixels: [UInt8], bigEndian: Bool = false, bitsPerSample: Int = 8,
    compression: Int = 1, rowsPerStrip: Int? = nil, omitting omitted: Set<UInt16> = []
) -> [UInt8] {
    func u16(_ v: Int) -> [UInt8] {
        let b = [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
        return bigEndian ? b : b.reversed()
    }
    func u32(_ v: Int) -> [UInt8] {
        let b = [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
        return bigEndian ? b : b.reversed()
    }
    let rows = rowsPerStrip ?? height
    let strips = rows > 0 ? (height + rows - 1) / rows : 1
    var entries: [(tag: UInt16, type: Int, values: [Int])] = [
        (256, 4, [width]), (257, 4, [height]), (258, 3, [bitsPerSample]), (259, 3, [compression]),
        (262, 3, [1]), (273, 4, []), (277, 3, [1]), (278, 4, [rows]), (279, 4, []),
    ]
    entries.removeAll { omitted.contains($0.tag) }
    let ifdSize = 2 + 12 * entries.count + 4
    let arraysStart = 8 + ifdSize
    let arraysSize = strips > 1 ? 8 * strips : 0
    let pixelStart = arraysStart + arraysSize
    let offsets = (0..<strips).map { pixelStart + $0 * rows * width }
    let counts = (0..<strips).map { min(rows, height - $0 * rows) * width }
    var head: [UInt8] = (bigEndian ? [0x4D, 0x4D] : [0x49, 0x49]) + u16(42) + u32(8) + u16(entries.count)
    var arrays: [UInt8] = []
    for entry in entries {
        var values = entry.values
        if entry.tag == 273 { values = offsets }
        if entry.tag == 279 { values = counts }
        head += u16(Int(entry.tag)) + u16(entry.type) + u32(values.count)
        if values.count == 1 {
            head += entry.type == 3 ? u16(values[0]) + [0, 0] : u32(values[0])
        } else {
            head += u32(arraysStart + arrays.count)
            for value in values { arrays += u32(value) }
        }
    }
    head += u32(0)
    return head + arrays + pixels
}

@Suite("Fingerprint image files: TIFF and PGM readers, fitting to the sensor")
struct FingerprintImageFileTests {
    let gradient = (0..<(20 * 12)).map { UInt8($0 % 251) }

    @Test("synthetic TIFFs: little- and big-endian, one or several strips")
    func syntheticTIFF() throws {
        for bigEndian in [false, true] {
            for rows in [nil, 5, 1] as [Int?] {
                let file = makeTIFF(width: 20, height: 12, pixels: gradient, bigEndian: bigEndian, rowsPerStrip: rows)
                let image = try FingerprintImageFile.decode(file)
                #expect(image.width == 20 && image.height == 12)
                #expect(image.pixels == gradient, "bigEndian \(bigEndian), rowsPerStrip \(String(describing: rows))")
            }
        }
    }

    @Test("malformed TIFFs get errors naming the field")
    func malformedTIFF() {
        let good = makeTIFF(width: 20, height: 12, pixels: gradient)
        #expect(
            throws: FingerprintImageFileError.truncated(
                field: "strip 0 data (StripOffsets[0])", neededBytes: good.count, fileBytes: good.count - 7)
        ) {
            try FingerprintImageFile.decode(Array(good.dropLast(7)))
        }
        #expect(
            throws: FingerprintImageFileError.truncated(field: "IFD entries (9)", neededBytes: 118, fileBytes: 30)
        ) {
            try FingerprintImageFile.decode(Array(good.prefix(30)))
        }
        #expect(
            throws: FingerprintImageFileError.unsupportedTag(
                tag: "Compression (259)", expected: "1 (uncompressed)", received: "5 (LZW)")
        ) {
            try FingerprintImageFile.decode(makeTIFF(width: 20, height: 12, pixels: gradient, compression: 5))
        }
        #expect(
            throws: FingerprintImageFileError.unsupportedTag(
                tag: "BitsPerSample (258)", expected: "8 for each of 1 samples", received: "16")
        ) {
            try FingerprintImageFile.decode(
                makeTIFF(width: 20, height: 12, pixels: gradient + gradient, bitsPerSample: 16))
        }
        #expect(throws: FingerprintImageFileError.missingTag("StripOffsets (273)")) {
            try FingerprintImageFile.decode(makeTIFF(width: 20, height: 12, pixels: gradient, omitting: [273]))
        }
        #expect(throws: FingerprintImageFileError.missingTag("ImageWidth (256)")) {
            try FingerprintImageFile.decode(makeTIFF(width: 20, height: 12, pixels: gradient, omitting: [256]))
        }
        #expect(
            throws: FingerprintImageFileError.truncated(
                field: "image data (60000×60000×1)", neededBytes: 3_600_000_000, fileBytes: 362)
        ) {
            try FingerprintImageFile.decode(makeTIFF(width: 60_000, height: 60_000, pixels: gradient))
        }
        #expect(
            throws: FingerprintImageFileError.unsupportedTag(
                tag: "RowsPerStrip (278)", expected: "at least 1", received: "0")
        ) {
            try FingerprintImageFile.decode(makeTIFF(width: 20, height: 12, pixels: gradient, rowsPerStrip: 0))
        }
        #expect(throws: FingerprintImageFileError.unknownFormat(firstBytes: [0x89, 0x50, 0x4E, 0x47])) {
            try FingerprintImageFile.decode([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A])
        }
        #expect(
            FingerprintImageFileError.unsupportedTag(
                tag: "Compression (259)", expected: "1 (uncompressed)", received: "5"
            )
            .description == "TIFF tag Compression (259): expected 1 (uncompressed), got 5")
    }

    @Test("PGM: GrayImage.pgm() round trip, comments, maxval scaling (16-bit too); malformed headers")
    func pgm() throws {
        let source = try GrayImage(width: 20, height: 12, pixels: gradient)
        #expect(try FingerprintImageFile.decode([UInt8](source.pgm())) == source)
        let commented = Array("P5\n# scanner 3\n2 1\n# max\n255\n".utf8) + [7, 9]
        #expect(try FingerprintImageFile.decode(commented).pixels == [7, 9])
        let fifteen = Array("P5 2 1 15 ".utf8) + [15, 5]
        #expect(try FingerprintImageFile.decode(fifteen).pixels == [255, 85])
        // ImageFiles reads 16-bit PGM too (two bytes per sample, scaled to 0-255).
        #expect(
            try FingerprintImageFile.decode(Array("P5\n2 1\n65535\n".utf8) + [0, 0, 0xFF, 0xFF]).pixels == [0, 255])
        #expect(
            throws: FingerprintImageFileError.malformedPGM(
                field: "height", expected: "a decimal number", received: "byte 0x78")
        ) {
            try FingerprintImageFile.decode(Array("P5\n2 x\n255\n".utf8))
        }
        #expect(
            throws: FingerprintImageFileError.truncated(field: "raster (4 samples)", neededBytes: 15, fileBytes: 14)
        ) {
            try FingerprintImageFile.decode(Array("P5\n2 2\n255\n".utf8) + [1, 2, 3])
        }
    }

    @Test("fitting: larger images are centre-cropped, smaller ones centred on white")
    func fitToSensor() throws {
        let wide = try GrayImage(
            width: 300, height: 300, pixels: (0..<90_000).map { UInt8(($0 % 300 + $0 / 300) % 256) })
        let cropped = FingerprintImageFile.fitToSensor(wide)
        for (x, y) in [(0, 0), (255, 287), (100, 7)] {
            #expect(cropped[x, y] == wide[x + 22, y + 6])
        }
        let small = try GrayImage(width: 4, height: 2, pixels: [UInt8](repeating: 0, count: 8))
        let padded = FingerprintImageFile.fitToSensor(small)
        #expect(padded.pixels.count { $0 == 0 } == 8)
        #expect(padded[126, 143] == 0 && padded[129, 144] == 0)
        #expect(padded[125, 143] == 255 && padded[126, 142] == 255 && padded[130, 144] == 255)
    }

    @Test("FVC names")
    func fvcNames() {
        #expect(FingerprintImageFile.fvcName("101_3.tif")! == ("101", 3))
        #expect(FingerprintImageFile.fvcName("101_3.iso")! == ("101", 3))
        #expect(FingerprintImageFile.fvcName("README.md") == nil)
        #expect(FingerprintImageFile.fvcName("abc_1.tif") == nil)
        #expect(FingerprintImageFile.fvcName("101_x.tif") == nil)
    }
}

@Suite(
    "Fingerprint image files from ../shared/data",
    .enabled(if: SharedTestData.isAvailable, SharedTestData.absentMessage))
struct SharedFingerprintFileTests {
    @Test("FVC2002 101_1.tif: 388×374, pixels equal the bytes at the strip offset")
    func fvc2002() throws {
        let url = SharedTestData.fvc2002.appendingPathComponent("101_1.tif")
        let image = try FingerprintImageFile.load(url)
        #expect(image.width == 388 && image.height == 374)
        // Values read independently (Python, raw bytes at StripOffsets = 512).
        #expect(image[0, 0] == 254)
        #expect(image[194, 187] == 35)
        #expect(image[387, 373] == 246)
        let raw = [UInt8](try Data(contentsOf: url))
        #expect(pixelDifference(image.pixels, Array(raw[512..<(512 + 388 * 374)])) == nil)
    }

    @Test("FVC2004 synthetic 101_1.tif: 288×384")
    func fvc2004() throws {
        let image = try FingerprintImageFile.load(SharedTestData.fvc2004.appendingPathComponent("101_1.tif"))
        #expect(image.width == 288 && image.height == 384)
        #expect(image[0, 0] == 113)
        #expect(image[144, 192] == 170)
        #expect(image[287, 383] == 185)
        #expect(FingerprintImageFile.fitToSensor(image)[0, 0] == 12, "crop starts at (16, 48)")
    }

    @Test("ORL s1/1.pgm: 92×112 binary PGM")
    func orlPGM() throws {
        let image = try FingerprintImageFile.load(SharedTestData.orl.appendingPathComponent("s1/1.pgm"))
        #expect(image.width == 92 && image.height == 112)
        #expect(image[0, 0] == 48)
        #expect(image[45, 56] == 194)
        #expect(image[91, 111] == 46)
    }

    @Test("real files damaged: truncated, compressed, 16-bit")
    func damagedRealFile() throws {
        let raw = [UInt8](try Data(contentsOf: SharedTestData.fvc2002.appendingPathComponent("101_1.tif")))
        #expect(
            throws: FingerprintImageFileError.truncated(
                field: "strip 0 data (StripOffsets[0])", neededBytes: raw.count, fileBytes: 145_500)
        ) {
            try FingerprintImageFile.decode(Array(raw.prefix(145_500)))
        }
        #expect(
            throws: FingerprintImageFileError.truncated(
                field: "image data (388×374×1)", neededBytes: 145_112, fileBytes: 100_000)
        ) {
            try FingerprintImageFile.decode(Array(raw.prefix(100_000)))
        }
        func patched(tag: UInt16, value: UInt8) throws -> [UInt8] {
            var bytes = raw
            let count = Int(bytes[8]) | Int(bytes[9]) << 8
            let entry = try #require(
                (0..<count).map { 10 + 12 * $0 }.first {
                    UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8 == tag
                })
            bytes[entry + 8] = value
            return bytes
        }
        #expect(
            throws: FingerprintImageFileError.unsupportedTag(
                tag: "Compression (259)", expected: "1 (uncompressed)", received: "5 (LZW)")
        ) {
            try FingerprintImageFile.decode(try patched(tag: 259, value: 5))
        }
        #expect(
            throws: FingerprintImageFileError.unsupportedTag(
                tag: "BitsPerSample (258)", expected: "8 for each of 1 samples", received: "16")
        ) {
            try FingerprintImageFile.decode(try patched(tag: 258, value: 16))
        }
    }

    @Test("FingerprintImageFolder groups FVC files by finger, ignoring .iso")
    func folder() throws {
        let fingers = try FingerprintImageFolder(SharedTestData.fvc2002).fingers()
        #expect(fingers.keys.sorted() == (101...110).map(String.init))
        #expect(fingers["101"]?.map(\.impression) == Array(1...8))
        #expect(fingers["101"]?.first?.url.lastPathComponent == "101_1.tif")
    }
}
