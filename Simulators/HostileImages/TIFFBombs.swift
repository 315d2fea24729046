extension HostileImage {
    /// A 1 × 1 grey TIFF (one strip needed) whose StripOffsets and StripByteCounts entries each declare
    /// `declaredStrips` LONG values. With `valuesPresent` the values are really in the file (8 bytes a strip, all
    /// pointing at the one pixel), otherwise they would lie past its end: a decoder that reads the declared count
    /// before comparing it with the strips the image needs reads (or allocates for) all of them.
    public static func tiffStripBomb(declaredStrips: UInt32 = 1 << 20, valuesPresent: Bool = true) -> [UInt8] {
        let count = Int(declaredStrips)
        let pixelOffset: UInt32 = 8
        if valuesPresent {
            let offsets = littleEndian32(pixelOffset).repeated(count)
            let byteCounts = littleEndian32(1).repeated(count)
            return tiff(
                width: 1, height: 1, pixel: 0x80, stripCount: declaredStrips, stripOffsets: .values(offsets),
                stripByteCounts: .values(byteCounts))
        }
        return tiff(
            width: 1, height: 1, pixel: 0x80, stripCount: declaredStrips, stripOffsets: .pointer(0xFFFF_FF00),
            stripByteCounts: .pointer(0xFFFF_FF00))
    }

    /// A `width × height` grey TIFF with one strip at `stripOffset` of `stripByteCount` bytes (defaults chosen so
    /// offset + length overflows 32 bits), and the first IFD at `ifdOffset` when given (a bogus value moves the
    /// real IFD out of reach).
    public static func tiffDeclaring(
        width: UInt32 = 1, height: UInt32 = 1, stripOffset: UInt32 = 0xFFFF_FFF0, stripByteCount: UInt32 = 0xFFFF_FFFF,
        ifdOffset: UInt32? = nil
    ) -> [UInt8] {
        var file = tiff(
            width: width, height: height, pixel: 0x80, stripCount: 1, stripOffsets: .inline(stripOffset),
            stripByteCounts: .inline(stripByteCount), rowsPerStrip: height)
        if let ifdOffset { file.replaceSubrange(4..<8, with: littleEndian32(ifdOffset)) }
        return file
    }

    /// Where an IFD entry's values are: in the entry itself, at a file offset, or appended after the IFD.
    enum TIFFValues {
        case inline(UInt32)
        case pointer(UInt32)
        case values([UInt8])
    }

    /// Little-endian TIFF: header, one pixel byte at offset 8, the IFD at 12 (nine entries, 8-bit BlackIsZero
    /// grey, `rowsPerStrip` rows a strip), then any out-of-line strip values.
    static func tiff(
        width: UInt32, height: UInt32, pixel: UInt8, stripCount: UInt32, stripOffsets: TIFFValues,
        stripByteCounts: TIFFValues, rowsPerStrip: UInt32 = 1
    ) -> [UInt8] {
        let ifdOffset = 12
        let entryCount = 9
        var outOfLine: [UInt8] = []
        var outOfLineOffset = ifdOffset + 2 + 12 * entryCount + 4
        func field(_ values: TIFFValues) -> UInt32 {
            switch values {
            case .inline(let value): return value
            case .pointer(let offset): return offset
            case .values(let bytes):
                defer {
                    outOfLine += bytes
                    outOfLineOffset += bytes.count
                }
                return UInt32(outOfLineOffset)
            }
        }
        func entry(_ tag: UInt16, _ type: UInt16, _ count: UInt32, _ value: UInt32) -> [UInt8] {
            littleEndian16(tag) + littleEndian16(type) + littleEndian32(count) + littleEndian32(value)
        }
        let short: UInt16 = 3
        let long: UInt16 = 4
        var file: [UInt8] = [0x49, 0x49, 0x2A, 0x00] + littleEndian32(UInt32(ifdOffset)) + [pixel, 0, 0, 0]
        file += littleEndian16(UInt16(entryCount))
        file += entry(256, long, 1, width)
        file += entry(257, long, 1, height)
        file += entry(258, short, 1, 8)
        file += entry(259, short, 1, 1)
        file += entry(262, short, 1, 1)
        file += entry(273, long, stripCount, field(stripOffsets))
        file += entry(277, short, 1, 1)
        file += entry(278, long, 1, rowsPerStrip)
        file += entry(279, long, stripCount, field(stripByteCounts))
        file += littleEndian32(0)
        return file + outOfLine
    }
}
