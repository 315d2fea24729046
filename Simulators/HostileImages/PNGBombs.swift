import CZlib

extension HostileImage {
    /// A PNG of about 70 bytes whose header declares `width × height` RGBA at 16 bits per sample (8 bytes a
    /// pixel): 7071 × 7071 stays just under 50 megapixels but promises about 400 MB of filtered rows. Its IDAT
    /// holds one short zlib stream, so a decoder that allocates from the header before inflating pays the
    /// 400 MB for nothing.
    public static func pngDimensionBomb(width: UInt32 = 7071, height: UInt32 = 7071) -> [UInt8] {
        png(
            width: width, height: height, bitDepth: 16, colorType: 6,
            imageData: zlib(zeros: 16))
    }

    /// A PNG whose header promises `width × height` 8-bit grey (`height × (width + 1)` bytes of filtered rows)
    /// but whose IDAT inflates to `inflatedBytes` zero bytes, about a thousand times its own size: a decoder
    /// that inflates everything before checking gets `inflatedBytes` of memory for a 64 KB file.
    public static func pngInflationBomb(width: UInt32 = 16, height: UInt32 = 16, inflatedBytes: Int = 64 << 20)
        -> [UInt8]
    {
        png(width: width, height: height, bitDepth: 8, colorType: 0, imageData: zlib(zeros: inflatedBytes))
    }

    /// A valid 1 × 1 grey PNG with `chunks` empty private ancillary chunks ("hoSt") before its IDAT: 12 bytes
    /// a chunk, each with a correct CRC, so only a chunk-count budget stops the walk.
    public static func pngChunkFlood(chunks: Int = 100_000) -> [UInt8] {
        let flood = pngChunk("hoSt", []).repeated(chunks)
        return png(width: 1, height: 1, bitDepth: 8, colorType: 0, imageData: zlib(zeros: 2), before: flood)
    }

    /// A 1 × 1 grey PNG whose IHDR chunk declares `length` bytes of data (with the 13 real bytes and a CRC
    /// behind): a length reaching past the end of the file, or past 2^31 when `length` is above 0x7FFFFFFF.
    public static func pngChunkLength(_ length: UInt32) -> [UInt8] {
        var file = png(width: 1, height: 1, bitDepth: 8, colorType: 0, imageData: zlib(zeros: 2))
        file.replaceSubrange(8..<12, with: bigEndian32(length))
        return file
    }

    /// Signature, IHDR, the chunks in `before`, one IDAT holding `imageData`, IEND.
    static func png(
        width: UInt32, height: UInt32, bitDepth: UInt8, colorType: UInt8, imageData: [UInt8], before: [UInt8] = []
    ) -> [UInt8] {
        let header = bigEndian32(width) + bigEndian32(height) + [bitDepth, colorType, 0, 0, 0]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + pngChunk("IHDR", header) + before
            + pngChunk("IDAT", imageData) + pngChunk("IEND", [])
    }

    /// Length, type, data and the CRC-32 of type and data.
    static func pngChunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeAndData = Array(type.utf8) + data
        let crc = typeAndData.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
        return bigEndian32(UInt32(data.count)) + typeAndData + bigEndian32(crc)
    }

    /// A zlib stream of `count` zero bytes at maximum compression, deflated 1 MiB at a time.
    static func zlib(zeros count: Int) -> [UInt8] {
        var stream = z_stream()
        precondition(
            deflateInit_(&stream, Z_BEST_COMPRESSION, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer { deflateEnd(&stream) }
        let zeros = [UInt8](repeating: 0, count: min(count, 1 << 20))
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var remaining = count
        var status = Z_OK
        while status != Z_STREAM_END {
            let piece = min(remaining, zeros.count)
            remaining -= piece
            let flush = remaining == 0 ? Z_FINISH : Z_NO_FLUSH
            zeros.withUnsafeBufferPointer { source in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = UInt32(piece)
                repeat {
                    buffer.withUnsafeMutableBufferPointer { target in
                        stream.next_out = target.baseAddress
                        stream.avail_out = UInt32(target.count)
                        status = deflate(&stream, flush)
                        output.append(contentsOf: target.prefix(target.count - Int(stream.avail_out)))
                    }
                } while stream.avail_out == 0 || (flush == Z_FINISH && status != Z_STREAM_END)
            }
        }
        return output
    }
}

extension Array {
    /// The elements repeated `times` times, one after another.
    func repeated(_ times: Int) -> [Element] {
        var result: [Element] = []
        result.reserveCapacity(count * times)
        for _ in 0..<times { result += self }
        return result
    }
}
