/// Why bytes are not a valid ISO/IEC 19794-2:2005 record, or why a record cannot be written.
/// Offsets are byte offsets from the start of the record.
public enum ISORecordError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data (or the record, as bounded by its length field) ends inside `field`.
    case truncated(field: String, offset: Int, needed: Int, available: Int)
    /// The first four bytes are not "FMR\0".
    case badFormatIdentifier(found: [UInt8])
    /// The version is not " 20\0".
    case unsupportedVersion(found: [UInt8])
    /// The record length field is larger than the data or smaller than a header.
    case recordLengthOutOfBounds(declared: Int, minimum: Int, available: Int)
    /// The views end at `parsedEnd` but the record length field says `declared`.
    case recordLengthMismatch(declared: Int, parsedEnd: Int)
    /// A view declares more minutiae than fit before the end of the record.
    case minutiaeBeyondRecord(view: Int, count: Int, offset: Int, recordEnd: Int)
    /// A field holds a value the standard does not allow.
    case invalidField(field: String, offset: Int, expected: String, found: Int)
    /// Writing: a value does not fit its field.
    case valueOutOfRange(field: String, expected: String, found: Int)
    /// Writing: a minutia angle is NaN or infinite.
    case nonFiniteAngle(field: String)
    /// The data (record and padding) is longer than `ISORecordBudget.maxRecordBytes`.
    case recordTooLarge(bytes: Int, limit: Int)
    /// The record has more finger views than `ISORecordBudget.maxViews`.
    case tooManyViews(count: Int, limit: Int)
    /// The views up to `view` hold `total` minutiae, more than `ISORecordBudget.maxMinutiae`.
    case tooManyMinutiae(view: Int, total: Int, limit: Int)
    /// A byte after the record length is not zero padding: the length field hides data.
    case nonZeroPadding(offset: Int, recordLength: Int)

    public var description: String {
        switch self {
        case let .truncated(field, offset, needed, available):
            "ISO record truncated in \(field) at offset \(offset): expected \(needed) bytes, \(available) left"
        case let .badFormatIdentifier(found):
            "ISO record format identifier: expected \"FMR\\0\" (46 4D 52 00), found \(hex(found))"
        case let .unsupportedVersion(found):
            "ISO record version: expected \" 20\\0\" (20 32 30 00, ISO/IEC 19794-2:2005), found \(hex(found))"
        case let .recordLengthOutOfBounds(declared, minimum, available):
            "ISO record length field (offset 8): declared \(declared), expected \(minimum)...\(available) (the data holds \(available) bytes)"
        case let .recordLengthMismatch(declared, parsedEnd):
            "ISO record length field (offset 8): declared \(declared) but the finger views end at \(parsedEnd)"
        case let .minutiaeBeyondRecord(view, count, offset, recordEnd):
            "ISO view \(view) minutiae at offset \(offset): \(count) minutiae need \(count * 6) bytes, record ends at \(recordEnd)"
        case let .invalidField(field, offset, expected, found):
            "ISO \(field) at offset \(offset): expected \(expected), found \(found)"
        case let .valueOutOfRange(field, expected, found):
            "ISO \(field): expected \(expected), got \(found)"
        case let .nonFiniteAngle(field):
            "ISO \(field): expected a finite angle in radians"
        case let .recordTooLarge(bytes, limit):
            "ISO record: expected at most \(limit) bytes (record budget), got \(bytes)"
        case let .tooManyViews(count, limit):
            "ISO number of finger views: expected at most \(limit) (record budget), found \(count)"
        case let .tooManyMinutiae(view, total, limit):
            "ISO minutiae: expected at most \(limit) in all views (record budget), views 1-\(view) hold \(total)"
        case let .nonZeroPadding(offset, recordLength):
            "ISO record length field (offset 8): declared \(recordLength) but the byte at offset \(offset) after it is not zero padding"
        }
    }
}

private func hex(_ bytes: [UInt8]) -> String {
    bytes.map { byte in
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }.joined(separator: " ")
}
