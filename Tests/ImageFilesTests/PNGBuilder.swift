import CZlib

/// Builds PNG files by hand for tests: rows are filtered here (independently of the decoder) and compressed with zlib.
struct PNGBuilder {
    var width: Int
    var height: Int
    var bitDepth: UInt8 = 8
    var colorType: UInt8 = 0
    var interlace: UInt8 = 0
    /// Unfiltered row bytes (for interlaced images: every pass's rows, in order).
    var rows: [[UInt8]]
    /// Filter type per row; cycles when shorter than `rows`.
    var filters: [UInt8] = [0]
    var palette: [UInt8]?
    var transparency: [UInt8]?

    /// Bytes per complete pixel, at least one (the filters' look-back distance).
    var step: Int {
        let channels: Int =
            switch colorType {
            case 2: 3
            case 4: 2
            case 6: 4
            default: 1
            }
        return max(1, channels * Int(bitDepth) / 8)
    }

    /// The IHDR payload.
    var header: [UInt8] {
        bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [bitDepth, colorType, 0, 0, interlace]
    }

    /// Each row behind its filter byte, filtered against the previous row of the same pass.
    func filteredRows(passRowCounts: [Int]? = nil) -> [UInt8] {
        var out: [UInt8] = []
        var previous: [UInt8]?
        var rowInPass = 0
        var pass = 0
        for (index, row) in rows.enumerated() {
            let filter = filters[index % filters.count]
            out.append(filter)
            out += Self.filter(row, previous: previous, type: filter, step: step)
            previous = row
            rowInPass += 1
            if let counts = passRowCounts, pass < counts.count, rowInPass == counts[pass] {
                pass += 1
                rowInPass = 0
                previous = nil
            }
        }
        return out
    }

    static func filter(_ row: [UInt8], previous: [UInt8]?, type: UInt8, step: Int) -> [UInt8] {
        let above = previous ?? [UInt8](repeating: 0, count: row.count)
        return row.indices.map { i in
            let a = i >= step ? Int(row[i - step]) : 0
            let b = Int(above[i])
            let c = i >= step ? Int(above[i - step]) : 0
            let predictor: Int
            switch type {
            case 1: predictor = a
            case 2: predictor = b
            case 3: predictor = (a + b) / 2
            case 4:
                let p = a + b - c
                let pa = abs(p - a)
                let pb = abs(p - b)
                let pc = abs(p - c)
                predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
            default: predictor = 0
            }
            return UInt8(truncatingIfNeeded: Int(row[i]) - predictor)
        }
    }

    /// The complete file.
    func build(passRowCounts: [Int]? = nil) -> [UInt8] {
        var file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        file += Self.chunk("IHDR", header)
        if let palette { file += Self.chunk("PLTE", palette) }
        if let transparency { file += Self.chunk("tRNS", transparency) }
        file += Self.chunk("IDAT", Self.zlib(filteredRows(passRowCounts: passRowCounts)))
        file += Self.chunk("IEND", [])
        return file
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + body + bigEndian(crc(body))
    }

    static func crc(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
    }

    static func zlib(_ bytes: [UInt8]) -> [UInt8] {
        var capacity = compressBound(UInt(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(capacity))
        let status = out.withUnsafeMutableBufferPointer { target in
            bytes.withUnsafeBufferPointer {
                compress2(target.baseAddress, &capacity, $0.baseAddress, UInt($0.count), 9)
            }
        }
        precondition(status == Z_OK)
        return Array(out.prefix(Int(capacity)))
    }
}

func bigEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
}

/// A deterministic pseudo-random byte sequence (xorshift), so test images have texture without randomness.
func noiseBytes(_ count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
    var state = seed
    return (0..<count).map { _ in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return UInt8(truncatingIfNeeded: state >> 32)
    }
}

/// Splits a flat sample array into rows of `rowBytes`.
func rowsOf(_ bytes: [UInt8], rowBytes: Int) -> [[UInt8]] {
    stride(from: 0, to: bytes.count, by: rowBytes).map { Array(bytes[$0..<min($0 + rowBytes, bytes.count)]) }
}
