import struct Foundation.Data

extension ISOMinutiaeRecord {
    /// Parses an ISO/IEC 19794-2:2005 record within `budget`. Bytes after the record length must be zero
    /// (padding); anything else means the length field hides data.
    public init(isoData data: Data, budget: ISORecordBudget = .default) throws(ISORecordError) {
        guard data.count <= budget.maxRecordBytes else {
            throw .recordTooLarge(bytes: data.count, limit: budget.maxRecordBytes)
        }
        var reader = ByteReader(bytes: [UInt8](data), end: data.count)
        let magic = try reader.bytes(4, field: "format identifier")
        guard magic == ISORecordFormat.formatIdentifier else { throw .badFormatIdentifier(found: magic) }
        let version = try reader.bytes(4, field: "version")
        guard version == ISORecordFormat.version else { throw .unsupportedVersion(found: version) }
        // A UInt32 always fits an Int on the 64-bit platforms this runs on; a larger one fails the bounds check.
        let declared = Int(exactly: try reader.uint32(field: "record length")) ?? Int.max
        guard declared >= ISORecordFormat.headerSize, declared <= data.count else {
            throw .recordLengthOutOfBounds(
                declared: declared, minimum: ISORecordFormat.headerSize,
                available: data.count)
        }
        if let padding = reader.bytes[declared...].firstIndex(where: { $0 != 0 }) {
            throw .nonZeroPadding(offset: padding, recordLength: declared)
        }
        reader.end = declared
        let equipment = Int(try reader.uint16(field: "capture equipment"))
        let width = Int(try reader.uint16(field: "image width"))
        let height = Int(try reader.uint16(field: "image height"))
        let xResolutionOffset = reader.offset
        let xResolution = Int(try reader.uint16(field: "x resolution"))
        guard xResolution > 0 else {
            throw .invalidField(
                field: "x resolution", offset: xResolutionOffset, expected: "pixels per cm > 0",
                found: 0)
        }
        let yResolutionOffset = reader.offset
        let yResolution = Int(try reader.uint16(field: "y resolution"))
        guard yResolution > 0 else {
            throw .invalidField(
                field: "y resolution", offset: yResolutionOffset, expected: "pixels per cm > 0",
                found: 0)
        }
        let viewCountOffset = reader.offset
        let viewCount = Int(try reader.uint8(field: "number of finger views"))
        guard viewCount > 0 else {
            throw .invalidField(
                field: "number of finger views", offset: viewCountOffset, expected: "1-255",
                found: 0)
        }
        guard viewCount <= budget.maxViews else { throw .tooManyViews(count: viewCount, limit: budget.maxViews) }
        _ = try reader.uint8(field: "reserved byte")
        var views: [FingerView] = []
        views.reserveCapacity(viewCount)
        var minutiae = 0
        for index in 0..<viewCount {
            let view = try Self.readView(index: index, from: &reader)
            minutiae += view.minutiae.count  // at most 255 views of 255 minutiae: no overflow
            guard minutiae <= budget.maxMinutiae else {
                throw .tooManyMinutiae(view: index + 1, total: minutiae, limit: budget.maxMinutiae)
            }
            views.append(view)
        }
        guard reader.offset == declared else {
            throw .recordLengthMismatch(declared: declared, parsedEnd: reader.offset)
        }
        self.init(
            captureEquipmentCompliance: equipment >> 12, captureEquipmentID: equipment & 0x0FFF,
            width: width, height: height, xResolution: xResolution, yResolution: yResolution, views: views)
    }

    private static func readView(index: Int, from reader: inout ByteReader) throws(ISORecordError) -> FingerView {
        let name = "view \(index + 1)"
        let positionOffset = reader.offset
        let position = Int(try reader.uint8(field: "\(name) finger position"))
        guard position <= ISORecordFormat.maxFingerPosition else {
            throw .invalidField(
                field: "\(name) finger position", offset: positionOffset, expected: "0-10",
                found: position)
        }
        let viewOffset = reader.offset
        let viewAndImpression = Int(try reader.uint8(field: "\(name) view number / impression type"))
        let impression = viewAndImpression & 0x0F
        guard FingerView.validImpressionTypes.contains(impression) else {
            throw .invalidField(
                field: "\(name) impression type", offset: viewOffset,
                expected: "0, 1, 2, 3 or 8", found: impression)
        }
        let qualityOffset = reader.offset
        let quality = Int(try reader.uint8(field: "\(name) finger quality"))
        guard quality <= 100 else {
            throw .invalidField(
                field: "\(name) finger quality", offset: qualityOffset, expected: "0-100",
                found: quality)
        }
        let count = Int(try reader.uint8(field: "\(name) number of minutiae"))
        guard reader.offset + count * ISORecordFormat.minutiaSize <= reader.end else {
            throw .minutiaeBeyondRecord(view: index + 1, count: count, offset: reader.offset, recordEnd: reader.end)
        }
        var minutiae: [Minutia] = []
        minutiae.reserveCapacity(count)
        for number in 0..<count {
            minutiae.append(try readMinutia(field: "\(name) minutia \(number + 1)", from: &reader))
        }
        let extendedLength = Int(try reader.uint16(field: "\(name) extended data block length"))
        _ = try reader.bytes(extendedLength, field: "\(name) extended data")
        return FingerView(
            fingerPosition: position, viewNumber: viewAndImpression >> 4, impressionType: impression,
            fingerQuality: quality, minutiae: minutiae)
    }

    private static func readMinutia(field: String, from reader: inout ByteReader) throws(ISORecordError) -> Minutia {
        let typeOffset = reader.offset
        let typeAndX = try reader.uint16(field: "\(field) type/x")
        let y = Int(try reader.uint16(field: "\(field) y") & 0x3FFF)
        let angle = try reader.uint8(field: "\(field) angle")
        let qualityOffset = reader.offset
        let quality = Int(try reader.uint8(field: "\(field) quality"))
        guard let kind = MinutiaKind(rawValue: UInt8(typeAndX >> 14)) else {
            throw .invalidField(
                field: "\(field) type", offset: typeOffset,
                expected: "00 other, 01 ending or 10 bifurcation", found: Int(typeAndX >> 14))
        }
        guard quality <= 100 else {
            throw .invalidField(field: "\(field) quality", offset: qualityOffset, expected: "0-100", found: quality)
        }
        return Minutia(
            kind: kind, x: Int(typeAndX & 0x3FFF), y: y, angle: ISORecordFormat.radians(angle),
            quality: quality)
    }
}

/// Big-endian reads bounded by `end`, failing with the name of the field being read.
private struct ByteReader {
    let bytes: [UInt8]
    var end: Int
    var offset = 0

    init(bytes: [UInt8], end: Int) {
        self.bytes = bytes
        self.end = end
    }

    mutating func bytes(_ count: Int, field: String) throws(ISORecordError) -> [UInt8] {
        guard count <= end - offset else {
            throw .truncated(field: field, offset: offset, needed: count, available: max(0, end - offset))
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func uint8(field: String) throws(ISORecordError) -> UInt8 {
        try bytes(1, field: field)[0]
    }

    mutating func uint16(field: String) throws(ISORecordError) -> UInt16 {
        let b = try bytes(2, field: field)
        return UInt16(b[0]) << 8 | UInt16(b[1])
    }

    mutating func uint32(field: String) throws(ISORecordError) -> UInt32 {
        let b = try bytes(4, field: field)
        return UInt32(b[0]) << 24 | UInt32(b[1]) << 16 | UInt32(b[2]) << 8 | UInt32(b[3])
    }
}
