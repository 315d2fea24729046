/// Bounds-checked integer reads from a file's bytes; every failure names the format and field.
///
/// Values read are below 2^32 and offsets below the file size, so offset arithmetic with one read value and small
/// constants (`at + 8`, `offset + 4 * index`) cannot overflow a 64-bit `Int`; products of two read values can, and
/// the decoders check those (`checkedProduct`, `ImageLimits.checkDecodedBytes`).
struct ByteReader {
    let bytes: [UInt8]
    let format: ImageFormat
    let bigEndian: Bool

    var count: Int { bytes.count }

    /// Throws `.truncated` unless `length` bytes from `offset` lie inside the file.
    func require(_ length: Int, at offset: Int, field: String) throws(ImageFileError) {
        guard offset >= 0, length >= 0, offset <= bytes.count, length <= bytes.count - offset else {
            throw .truncated(format, field, offset: max(offset, 0), needed: length, fileBytes: bytes.count)
        }
    }

    func u8(at offset: Int, field: String) throws(ImageFileError) -> Int {
        try require(1, at: offset, field: field)
        return Int(bytes[offset])
    }

    func u16(at offset: Int, field: String) throws(ImageFileError) -> Int {
        try require(2, at: offset, field: field)
        let a = Int(bytes[offset])
        let b = Int(bytes[offset + 1])
        return bigEndian ? a << 8 | b : b << 8 | a
    }

    func u32(at offset: Int, field: String) throws(ImageFileError) -> Int {
        try require(4, at: offset, field: field)
        let a = Int(bytes[offset])
        let b = Int(bytes[offset + 1])
        let c = Int(bytes[offset + 2])
        let d = Int(bytes[offset + 3])
        return bigEndian ? a << 24 | b << 16 | c << 8 | d : d << 24 | c << 16 | b << 8 | a
    }

    func i32(at offset: Int, field: String) throws(ImageFileError) -> Int {
        Int(Int32(truncatingIfNeeded: try u32(at: offset, field: field)))
    }

    /// `length` bytes from `offset`.
    func slice(_ length: Int, at offset: Int, field: String) throws(ImageFileError) -> ArraySlice<UInt8> {
        try require(length, at: offset, field: field)
        return bytes[offset..<(offset + length)]
    }
}
