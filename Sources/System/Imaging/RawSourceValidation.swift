/// Checks that a raw uncompressed source buffer holds a `width`×`height` frame of `format` at `bytesPerLine`.
func validateRawSource(
    _ source: UnsafeRawBufferPointer, format: PixelFormat, width: Int, height: Int, bytesPerLine: Int
) throws(FrameValidationError) {
    try validateDimensions(width: width, height: height)
    if format == .yuyv, width % 2 != 0 {
        throw FrameValidationError(field: .width, value: width, expected: "an even number (YUYV packs pixel pairs)")
    }
    let rowBytes = format.minimumBytesPerLine(width: width) ?? 0
    guard bytesPerLine >= rowBytes, bytesPerLine <= 4 * maximumFrameDimension else {
        throw FrameValidationError(
            field: .bytesPerLine, value: bytesPerLine,
            expected: "\(rowBytes)...\(4 * maximumFrameDimension) for \(width)-pixel \(format.rawValue) rows")
    }
    // The last row need not carry its padding.
    let needed = bytesPerLine * (height - 1) + rowBytes
    guard source.count >= needed else {
        throw FrameValidationError(
            field: .sourceLength, value: source.count,
            expected: "at least \(needed) bytes (bytesPerLine \(bytesPerLine) × \(height - 1) rows + \(rowBytes))")
    }
}
