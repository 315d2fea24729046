import struct Foundation.Data

extension GrayImage {
    /// Largest payload of one stored (uncompressed) deflate block.
    static let maxStoredBlock = 65_535

    /// The image as a PNG file: 8-bit greyscale, no interlace, every row with filter 0, the zlib
    /// stream made of stored deflate blocks (no compression: sensor images are small and stay local).
    public func png() -> Data {
        var file = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, 0, 0, 0, 0]  // bit depth 8, greyscale, deflate, adaptive filtering, no interlace
        file.appendPNGChunk("IHDR", header)
        file.appendPNGChunk("IDAT", zlibStored(scanlines()))
        file.appendPNGChunk("IEND", [])
        return file
    }

    /// Each row preceded by its filter-type byte 0 (None).
    private func scanlines() -> [UInt8] {
        var raw: [UInt8] = []
        raw.reserveCapacity((width + 1) * height)
        for row in 0..<height {
            raw.append(0)
            raw += pixels[(row * width)..<((row + 1) * width)]
        }
        return raw
    }

    /// A zlib stream (RFC 1950) holding `bytes` in stored deflate blocks (RFC 1951 §3.2.4).
    private func zlibStored(_ bytes: [UInt8]) -> [UInt8] {
        var stream: [UInt8] = [0x78, 0x01]  // deflate, 32 KiB window; FCHECK makes 0x7801 a multiple of 31
        var start = 0
        repeat {
            let end = min(start + Self.maxStoredBlock, bytes.count)
            let length = UInt16(end - start)
            stream.append(end == bytes.count ? 1 : 0)  // BFINAL, BTYPE 00; the rest of the byte is padding
            stream += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
            stream += bytes[start..<end]
            start = end
        } while start < bytes.count
        stream.appendBigEndian(PNGChecksum.adler32(bytes))
        return stream
    }
}

/// The two checksums a PNG file carries.
enum PNGChecksum {
    /// CRC-32 (ISO 3309, reflected polynomial 0xEDB88320), as PNG chunks use.
    static func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    /// Adler-32 (RFC 1950), the zlib stream's trailer.
    static func adler32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        let modulus: UInt32 = 65_521
        var a: UInt32 = 1
        var b: UInt32 = 0
        var pending = 0
        for byte in bytes {
            a += UInt32(byte)
            b += a
            pending += 1
            // 5552 bytes is the most that can be summed before b could overflow 32 bits.
            if pending == 5552 {
                a %= modulus
                b %= modulus
                pending = 0
            }
        }
        return (b % modulus) << 16 | (a % modulus)
    }

    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 {
            value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1
        }
        return value
    }
}

extension Data {
    /// Appends a PNG chunk: length, type, data and the CRC-32 of type and data.
    fileprivate mutating func appendPNGChunk(_ type: String, _ payload: [UInt8]) {
        var length: [UInt8] = []
        length.appendBigEndian(UInt32(payload.count))
        append(contentsOf: length)
        let typeAndData = Array(type.utf8) + payload
        append(contentsOf: typeAndData)
        var crc: [UInt8] = []
        crc.appendBigEndian(PNGChecksum.crc32(typeAndData))
        append(contentsOf: crc)
    }
}

extension [UInt8] {
    fileprivate mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [
            UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF),
        ])
    }
}
