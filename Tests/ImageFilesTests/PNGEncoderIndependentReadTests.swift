import Foundation
import Imaging
import Testing

@testable import ImageFiles

/// Reads back what `PNGEncoder` wrote for a `GrayImage` at compression level 0 (stored deflate blocks) with an
/// independent decoder: chunk walk, bitwise CRC-32, stored-block inflate, Adler-32 and the five row filters.
@Suite struct PNGEncoderIndependentReadTests {
    struct Chunk {
        let type: String
        let data: [UInt8]
    }

    /// The writer's CRC-32 and the reader's Adler-32 against published check values.
    @Test func checksumsMatchPublishedCheckValues() {
        #expect(Zlib.crc(ArraySlice("123456789".utf8)) == 0xCBF4_3926)
        #expect(Zlib.crc([]) == 0)
        #expect(Self.slowAdler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(Self.slowAdler32([]) == 1)
        let long = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        #expect(Zlib.crc(long[...]) == Self.bitwiseCRC32(long))
    }

    static func png(_ image: GrayImage) -> Data {
        Data(PNGEncoder.encode(image, compressionLevel: 0))
    }

    @Test func sensorSizedImageRoundTrips() throws {
        // 256 × 288 needs two stored blocks (74 016 bytes of scanlines).
        let pixels = (0..<(256 * 288)).map { UInt8(truncatingIfNeeded: $0 * 31 + $0 / 256) }
        let image = try GrayImage(width: 256, height: 288, pixels: pixels)
        let decoded = try Self.decode(Self.png(image))
        #expect(decoded.width == 256)
        #expect(decoded.height == 288)
        #expect(decoded.pixels == pixels)
        #expect(decoded.storedBlocks == 2)
    }

    @Test func tinyAndOddSizedImagesRoundTrip() throws {
        for (width, height) in [(1, 1), (3, 5), (300, 1), (1, 65_000)] {
            let pixels = (0..<(width * height)).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 5) }
            let image = try GrayImage(width: width, height: height, pixels: pixels)
            let decoded = try Self.decode(Self.png(image))
            #expect(decoded.width == width && decoded.height == height, "\(width)×\(height)")
            #expect(decoded.pixels == pixels, "\(width)×\(height)")
            #expect(decoded.storedBlocks == ((width + 1) * height + 65_534) / 65_535, "\(width)×\(height)")
        }
    }

    @Test func headerDeclaresEightBitGreyscale() throws {
        let png = Self.png(try GrayImage(width: 2, height: 2, pixels: [0, 64, 128, 255]))
        let chunks = try Self.chunks(png)
        #expect(chunks.map(\.type) == ["IHDR", "IDAT", "IEND"])
        #expect(chunks[0].data == [0, 0, 0, 2, 0, 0, 0, 2, 8, 0, 0, 0, 0])
        #expect(chunks[2].data.isEmpty)
    }

    @Test func corruptedByteIsCaughtByChunkCRC() throws {
        var png = Self.png(try GrayImage(width: 4, height: 4, pixels: Array(repeating: 9, count: 16)))
        png[png.count - 20] ^= 0x40  // inside the IDAT data
        #expect(throws: DecodeError.self) { try Self.decode(png) }
    }

    // MARK: - An independent reader

    struct DecodeError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func chunks(_ png: Data) throws -> [Chunk] {
        let bytes = [UInt8](png)
        guard bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            throw DecodeError("signature")
        }
        var chunks: [Chunk] = []
        var offset = 8
        while offset < bytes.count {
            guard offset + 12 <= bytes.count else { throw DecodeError("truncated chunk header at \(offset)") }
            let length = Int(bigEndian(bytes, at: offset))
            guard offset + 12 + length <= bytes.count else { throw DecodeError("truncated chunk at \(offset)") }
            let typeAndData = Array(bytes[(offset + 4)..<(offset + 8 + length)])
            guard bigEndian(bytes, at: offset + 8 + length) == bitwiseCRC32(typeAndData) else {
                throw DecodeError("CRC of chunk at \(offset)")
            }
            chunks.append(
                Chunk(
                    type: String(decoding: typeAndData.prefix(4), as: UTF8.self), data: Array(typeAndData.dropFirst(4)))
            )
            offset += 12 + length
        }
        return chunks
    }

    static func decode(_ png: Data) throws -> (width: Int, height: Int, pixels: [UInt8], storedBlocks: Int) {
        let chunks = try chunks(png)
        guard chunks.first?.type == "IHDR", chunks.last?.type == "IEND" else { throw DecodeError("chunk order") }
        let header = chunks[0].data
        guard header.count == 13, Array(header[8...]) == [8, 0, 0, 0, 0] else { throw DecodeError("IHDR") }
        let width = Int(bigEndian(header, at: 0))
        let height = Int(bigEndian(header, at: 4))
        let zlib = chunks.filter { $0.type == "IDAT" }.flatMap(\.data)
        guard zlib.count >= 6, zlib[0] & 0x0F == 8, (Int(zlib[0]) << 8 | Int(zlib[1])) % 31 == 0, zlib[1] & 0x20 == 0
        else {
            throw DecodeError("zlib header")
        }
        var raw: [UInt8] = []
        var offset = 2
        var blocks = 0
        var final = false
        while !final {
            guard offset + 5 <= zlib.count else { throw DecodeError("truncated block header") }
            guard zlib[offset] >> 1 == 0 else { throw DecodeError("block type is not stored") }
            final = zlib[offset] & 1 == 1
            let length = Int(zlib[offset + 1]) | Int(zlib[offset + 2]) << 8
            let complement = Int(zlib[offset + 3]) | Int(zlib[offset + 4]) << 8
            guard length ^ complement == 0xFFFF else { throw DecodeError("NLEN") }
            guard offset + 5 + length <= zlib.count else { throw DecodeError("truncated block") }
            raw += zlib[(offset + 5)..<(offset + 5 + length)]
            offset += 5 + length
            blocks += 1
        }
        guard offset + 4 == zlib.count, bigEndian(zlib, at: offset) == slowAdler32(raw) else {
            throw DecodeError("Adler-32")
        }
        guard raw.count == (width + 1) * height else { throw DecodeError("scanline bytes") }
        var pixels: [UInt8] = []
        var previous = [UInt8](repeating: 0, count: width)
        for row in 0..<height {
            let start = row * (width + 1)
            let line = unfiltered(Array(raw[(start + 1)..<(start + 1 + width)]), filter: raw[start], above: previous)
            guard let line else { throw DecodeError("filter type of row \(row)") }
            pixels += line
            previous = line
        }
        return (width, height, pixels, blocks)
    }

    /// One greyscale row with its PNG filter (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth) undone; nil for other types.
    static func unfiltered(_ row: [UInt8], filter: UInt8, above: [UInt8]) -> [UInt8]? {
        var out = row
        for x in row.indices {
            let a = x > 0 ? Int(out[x - 1]) : 0
            let b = Int(above[x])
            let c = x > 0 ? Int(above[x - 1]) : 0
            let predictor: Int
            switch filter {
            case 0: predictor = 0
            case 1: predictor = a
            case 2: predictor = b
            case 3: predictor = (a + b) / 2
            case 4:
                let p = a + b - c
                let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
                predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
            default: return nil
            }
            out[x] = UInt8(truncatingIfNeeded: Int(row[x]) + predictor)
        }
        return out
    }

    static func bigEndian(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func bitwiseCRC32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func slowAdler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }
}
