/// Why an image file could not be read or written: the format, the field, the byte offset where it is
/// known, what was expected and what was found.
public struct ImageFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure.
    public enum Kind: String, Sendable {
        /// The file could not be opened or read.
        case unreadable
        /// The first bytes match no supported format.
        case unknownFormat
        /// The file ends before a field does.
        case truncated
        /// A field holds a value the format does not allow.
        case malformed
        /// A valid file using a feature this reader does not handle (e.g. compressed TIFF).
        case unsupported
        /// The input, or a size the header declares, exceeds `ImageLimits` (decompression-bomb guard).
        case tooLarge
        /// The file asks for more work than `ImageLimits` allows (JPEG scans, PNG chunks, TIFF strips, ASCII samples).
        case overBudget
        /// A stored checksum does not match the data (PNG CRC).
        case checksumMismatch
        /// The file could not be written.
        case unwritable
    }

    /// What went wrong.
    public let kind: Kind
    /// The format being read, nil when it is not known yet.
    public let format: ImageFormat?
    /// The field or structure at fault, e.g. "IHDR bit depth" or "StripOffsets[2]".
    public let field: String
    /// Byte offset in the file of the field, when known.
    public let offset: Int?
    /// What a valid file has there.
    public let expected: String
    /// What this file has there.
    public let found: String
    /// For `.truncated`: the file size the field needs (its offset plus its length).
    public let neededFileBytes: Int?

    /// Creates an error; the readers use the static helpers below.
    public init(
        kind: Kind, format: ImageFormat?, field: String, offset: Int?, expected: String, found: String,
        neededFileBytes: Int? = nil
    ) {
        self.kind = kind
        self.format = format
        self.field = field
        self.offset = offset
        self.expected = expected
        self.found = found
        self.neededFileBytes = neededFileBytes
    }

    /// What `found` says of a required field (e.g. a TIFF tag) that the file does not have.
    public static let absentField = "no such tag"

    /// Whether a required field is missing altogether.
    public var isAbsentField: Bool { kind == .malformed && found == Self.absentField }

    public var description: String {
        let place = offset.map { " at byte \($0)" } ?? ""
        let name = format.map { "\($0) " } ?? ""
        return "\(name)\(field)\(place): \(kind.rawValue), expected \(expected), found \(found)"
    }

    static func truncated(_ format: ImageFormat, _ field: String, offset: Int, needed: Int, fileBytes: Int) -> Self {
        // Both come from the file (a length may be a product of header fields): the sum saturates instead of trapping.
        let end = saturatingSum(offset, needed)
        return Self(
            kind: .truncated, format: format, field: field, offset: offset,
            expected: "\(needed) bytes up to byte \(end)", found: "file of \(fileBytes) bytes", neededFileBytes: end)
    }

    static func malformed(_ format: ImageFormat, _ field: String, offset: Int?, expected: String, found: String) -> Self
    {
        Self(kind: .malformed, format: format, field: field, offset: offset, expected: expected, found: found)
    }

    static func unsupported(_ format: ImageFormat, _ field: String, offset: Int?, expected: String, found: String)
        -> Self
    {
        Self(kind: .unsupported, format: format, field: field, offset: offset, expected: expected, found: found)
    }
}

/// Two-digit upper-case hex of a byte, for messages.
func hexByte(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
}

/// Bytes as space-separated hex, for messages.
func hexBytes(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map(hexByte).joined(separator: " ")
}
