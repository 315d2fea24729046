/// PNG through `ImageFile`. Every chunk carries a CRC-32, which a mutated input almost never matches, so
/// for inputs of even length the chunk CRCs are recomputed first: those runs reach the header checks, the
/// inflater and the filters, while odd-length inputs keep exercising the CRC check itself.
enum PNGFuzz {
    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        ImageFileFuzz.run(bytes.count % 2 == 0 ? withChunkCRCsFixed(bytes) : bytes, format: .png)
    }

    /// `bytes` with the CRC of every complete chunk after the signature set to the CRC-32 of its type and data.
    static func withChunkCRCsFixed(_ bytes: [UInt8]) -> [UInt8] {
        var fixed = bytes
        var offset = 8
        while offset + 12 <= fixed.count {
            let length = fixed[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            guard length <= fixed.count - offset - 12 else { break }
            let crcOffset = offset + 8 + length
            let crc = crc32(fixed[(offset + 4)..<crcOffset])
            for index in 0..<4 { fixed[crcOffset + index] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * index)) }
            offset = crcOffset + 4
        }
        return fixed
    }

    private static let table: [UInt32] = (0..<256).map { (n: UInt32) in
        (0..<8).reduce(n) { c, _ in c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    }

    private static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        ~bytes.reduce(~UInt32(0)) { table[Int(($0 ^ UInt32($1)) & 0xFF)] ^ ($0 >> 8) }
    }
}
