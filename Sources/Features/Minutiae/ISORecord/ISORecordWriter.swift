import struct Foundation.Data

extension ISOMinutiaeRecord {
    /// The record as ISO/IEC 19794-2:2005 bytes, without extended data; fails when a value does not fit or
    /// the record would exceed `budget` (which the reader would refuse).
    public func isoData(budget: ISORecordBudget = .default) throws(ISORecordError) -> Data {
        try Self.check("capture equipment compliance", captureEquipmentCompliance, 0...0xF)
        try Self.check("capture equipment ID", captureEquipmentID, 0...0xFFF)
        try Self.check("image width", width, 0...0xFFFF)
        try Self.check("image height", height, 0...0xFFFF)
        try Self.check("x resolution", xResolution, 1...0xFFFF)
        try Self.check("y resolution", yResolution, 1...0xFFFF)
        try Self.check("number of finger views", views.count, 1...0xFF)
        guard views.count <= budget.maxViews else { throw .tooManyViews(count: views.count, limit: budget.maxViews) }
        var minutiae = 0
        for (index, view) in views.enumerated() {
            try Self.check("view \(index + 1) number of minutiae", view.minutiae.count, 0...0xFF)
            minutiae += view.minutiae.count  // at most 255 views of 255 minutiae: no overflow
            guard minutiae <= budget.maxMinutiae else {
                throw .tooManyMinutiae(view: index + 1, total: minutiae, limit: budget.maxMinutiae)
            }
        }
        let perView = ISORecordFormat.viewHeaderSize + ISORecordFormat.extendedDataLengthSize
        let length =
            ISORecordFormat.headerSize + views.count * perView + minutiae * ISORecordFormat.minutiaSize
        guard length <= budget.maxRecordBytes else {
            throw .recordTooLarge(bytes: length, limit: budget.maxRecordBytes)
        }
        var out: [UInt8] = []
        out.reserveCapacity(length)
        out += ISORecordFormat.formatIdentifier
        out += ISORecordFormat.version
        Self.append32(UInt32(truncatingIfNeeded: length), to: &out)  // at most 255 × 1,536 + 24 bytes
        Self.append16(UInt16(captureEquipmentCompliance << 12 | captureEquipmentID), to: &out)
        Self.append16(UInt16(width), to: &out)
        Self.append16(UInt16(height), to: &out)
        Self.append16(UInt16(xResolution), to: &out)
        Self.append16(UInt16(yResolution), to: &out)
        out.append(UInt8(views.count))
        out.append(0)
        for (index, view) in views.enumerated() {
            try Self.append(view, name: "view \(index + 1)", to: &out)
        }
        return Data(out)
    }

    private static func append(_ view: FingerView, name: String, to out: inout [UInt8]) throws(ISORecordError) {
        try check("\(name) finger position", view.fingerPosition, 0...ISORecordFormat.maxFingerPosition)
        try check("\(name) view number", view.viewNumber, 0...0xF)
        guard FingerView.validImpressionTypes.contains(view.impressionType) else {
            throw .valueOutOfRange(
                field: "\(name) impression type", expected: "0, 1, 2, 3 or 8",
                found: view.impressionType)
        }
        try check("\(name) finger quality", view.fingerQuality, 0...100)
        try check("\(name) number of minutiae", view.minutiae.count, 0...0xFF)
        out.append(UInt8(view.fingerPosition))
        out.append(UInt8(view.viewNumber << 4 | view.impressionType))
        out.append(UInt8(view.fingerQuality))
        out.append(UInt8(view.minutiae.count))
        for (number, minutia) in view.minutiae.enumerated() {
            let field = "\(name) minutia \(number + 1)"
            try check("\(field) x", minutia.x, 0...ISORecordFormat.maxCoordinate)
            try check("\(field) y", minutia.y, 0...ISORecordFormat.maxCoordinate)
            try check("\(field) quality", minutia.quality, 0...100)
            guard minutia.angle.isFinite else { throw .nonFiniteAngle(field: "\(field) angle") }
            append16(UInt16(minutia.kind.rawValue) << 14 | UInt16(minutia.x), to: &out)
            append16(UInt16(minutia.y), to: &out)
            out.append(ISORecordFormat.angleByte(minutia.angle))
            out.append(UInt8(minutia.quality))
        }
        append16(0, to: &out)  // no extended data
    }

    private static func check(_ field: String, _ value: Int, _ range: ClosedRange<Int>) throws(ISORecordError) {
        guard range.contains(value) else {
            throw .valueOutOfRange(field: field, expected: "\(range.lowerBound)-\(range.upperBound)", found: value)
        }
    }

    private static func append16(_ value: UInt16, to out: inout [UInt8]) {
        out.append(UInt8(value >> 8))
        out.append(UInt8(value & 0xFF))
    }

    private static func append32(_ value: UInt32, to out: inout [UInt8]) {
        append16(UInt16(value >> 16), to: &out)
        append16(UInt16(value & 0xFFFF), to: &out)
    }
}
