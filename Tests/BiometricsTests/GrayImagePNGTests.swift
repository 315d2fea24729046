import Foundation
import Testing

@testable import Biometrics

/// Reads back what `GrayImage.png()` wrote with an independent decoder: chunk walk, bitwise CRC-32,
/// stored-block inflate and Adler-32.
@Suite struct GrayImagePNGTests {
    struct Chunk {
        let type: String
        let data: [UInt8]
    }

    @Test func checksumsMatchPublishedCheckValues() {
        #expect(PNGChecksum.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(PNGChecksum.crc32([]) == 0)
        #expect(PNGChecksum.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(PNGChecksum.adler32([]) == 1)
        // Long inputs exercise the deferred modulo.
        let long = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        #expect(PNGChecksum.adler32(long) == Self.slowAdler32(long))
        #expect(PNGChecksum.crc32(long) == Self.bitwiseCRC32(long))
    }

    @Test func sensorSizedImageRoundTrips() throws {
        // 256 × 288 needs two stored blocks (74 016 bytes of scanlines).
        let pixels = (0..<(256 * 288)).map { UInt8(truncatingIfNeeded: $0 * 31 + $0 / 256) }
        let image = try GrayImage(width: 256, height: 288, pixels: pixels)
        let decoded = try Self.decode(image.png())
        #expect(decoded.width == 256)
        #expect(decoded.height == 288)
        #expect(decoded.pixels == pixels)
        #expect(decoded.storedBlocks == 2)
    }

    @Test func tinyAndOddSizedImagesRoundTrip() throws {
        for (width, height) in [(1, 1), (3, 5), (300, 1), (1, 65_000)] {
            let pixels = (0..<(width * height)).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 5) }
            let image = try GrayImage(width: width, height: height, pixels: pixels)
            let decoded = try Self.decode(image.png())
            #expect(decoded.width == width && decoded.height == height, "\(width)×\(height)")
            #expect(decoded.pixels == pixels, "\(width)×\(height)")
            #expect(decoded.storedBlocks == ((width + 1) * height + 65_534) / 65_535, "\(width)×\(height)")
        }
    }

    @Test func headerDeclaresEightBitGreyscale() throws {
        let png = try GrayImage(width: 2, height: 2, pixels: [0, 64, 128, 255]).png()
        let chunks = try Self.chunks(png)
        #expect(chunks.map(\.type) == ["IHDR", "IDAT", "IEND"])
        #expect(chunks[0].data == [0, 0, 0, 2, 0, 0, 0, 2, 8, 0, 0, 0, 0])
        #expect(chunks[2].data.isEmpty)
    }

    @Test func corruptedByteIsCaughtByChunkCRC() throws {
        var png = try GrayImage(width: 4, height: 4, pixels: Array(repeating: 9, count: 16)).png()
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
        for row in 0..<height {
            let start = row * (width + 1)
            guard raw[start] == 0 else { throw DecodeError("filter type of row \(row)") }
            pixels += raw[(start + 1)..<(start + 1 + width)]
        }
        return (width, height, pixels, blocks)
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
