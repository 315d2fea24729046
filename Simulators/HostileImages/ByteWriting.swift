/// `value` as four bytes, most significant first.
func bigEndian32(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
}

/// `value` as two bytes, most significant first.
func bigEndian16(_ value: UInt16) -> [UInt8] {
    [UInt8(value >> 8), UInt8(value & 0xFF)]
}

/// `value` as four bytes, least significant first.
func littleEndian32(_ value: UInt32) -> [UInt8] {
    [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24)]
}

/// `value` as two bytes, least significant first.
func littleEndian16(_ value: UInt16) -> [UInt8] {
    [UInt8(value & 0xFF), UInt8(value >> 8)]
}

/// Writes JPEG entropy-coded bits, most significant first, stuffing a zero byte after every 0xFF.
struct JPEGBitWriter {
    private(set) var bytes: [UInt8] = []
    private var current: UInt8 = 0
    private var filled = 0

    /// Appends the low `count` bits of `value`.
    mutating func write(_ value: Int, bits count: Int) {
        for shift in stride(from: count - 1, through: 0, by: -1) {
            current = current << 1 | UInt8(value >> shift & 1)
            filled += 1
            if filled == 8 { flushByte() }
        }
    }

    /// Pads the last byte with one bits, as JPEG requires before a marker.
    mutating func finish() {
        while filled != 0 { write(1, bits: 1) }
    }

    private mutating func flushByte() {
        bytes.append(current)
        if current == 0xFF { bytes.append(0x00) }
        current = 0
        filled = 0
    }
}
