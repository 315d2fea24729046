import CZlib

/// Why a zlib stream could not be inflated to the expected size.
enum InflateFailure: Error {
    /// zlib rejected the data; its message.
    case corrupt(String)
    /// The stream ended (or the input ran out) after this many bytes.
    case short(produced: Int)
    /// The stream holds more than the expected bytes.
    case excess
    /// All expected bytes came out but the stream's end (and Adler-32 check) is missing.
    case unterminated
}

/// zlib (RFC 1950) inflate and deflate over libz.
enum Zlib {
    /// Inflates `input`, which must decompress to exactly `expectedCount` bytes. The output grows with what actually
    /// comes out of the stream (never allocated from `expectedCount` alone, which comes from a header) and inflating
    /// stops one byte past `expectedCount`: a small stream promising or holding a huge output cannot exhaust memory.
    static func inflate(_ input: [UInt8], expectedCount: Int) throws(InflateFailure) -> [UInt8] {
        guard input.count <= Int(UInt32.max), expectedCount >= 0, expectedCount < Int.max else {
            throw .corrupt("more than 4 GiB of input in one call")
        }
        var stream = z_stream()
        guard inflateInit_(&stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt("inflateInit failed")
        }
        defer { inflateEnd(&stream) }
        // One spare byte: if the stream fills it, it holds more than expected.
        let capacity = expectedCount + 1
        var output = [UInt8](repeating: 0, count: min(capacity, 1 << 16))
        var produced = 0
        let status: Int32 = input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = UInt32(source.count)
            while true {
                if produced == output.count {
                    guard output.count < capacity else { return Z_OK }
                    output.append(contentsOf: repeatElement(0, count: min(output.count, capacity - output.count)))
                }
                let room = min(output.count - produced, Int(UInt32.max))
                let status = output.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress! + produced
                    stream.avail_out = UInt32(room)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                produced += room - Int(stream.avail_out)
                guard status == Z_OK else { return status }
            }
        }
        switch status {
        case Z_STREAM_END, Z_BUF_ERROR, Z_OK:
            if produced > expectedCount { throw .excess }
            guard produced == expectedCount else { throw .short(produced: produced) }
            guard status == Z_STREAM_END else { throw .unterminated }
            output.removeLast(output.count - expectedCount)
            return output
        default:
            let message = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
            throw .corrupt(message)
        }
    }

    /// `input` as a zlib stream at compression `level` (0-9).
    static func deflate(_ input: [UInt8], level: Int32) -> [UInt8] {
        var capacity = compressBound(UInt(input.count))
        var output = [UInt8](repeating: 0, count: Int(capacity))
        let status = output.withUnsafeMutableBufferPointer { target in
            input.withUnsafeBufferPointer { source in
                compress2(target.baseAddress, &capacity, source.baseAddress, UInt(source.count), level)
            }
        }
        precondition(status == Z_OK, "compress2 into a compressBound buffer failed with \(status)")
        output.removeLast(output.count - Int(capacity))
        return output
    }

    /// CRC-32 as PNG chunks use it.
    static func crc(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            UInt32(crc32(0, buffer.baseAddress, UInt32(buffer.count)))
        }
    }
}
