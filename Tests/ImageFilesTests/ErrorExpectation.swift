import Testing

@testable import ImageFiles

/// Decodes `bytes` expecting a failure of `kind` in a field whose name contains `field`.
func expectDecodeError(
    _ bytes: [UInt8], format: ImageFormat?, kind: ImageFileError.Kind, field: String, limits: ImageLimits = .standard,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        let image = try ImageFile.decode(bytes, limits: limits)
        Issue.record(
            "decoded \(image.width)×\(image.height); expected \(kind) in \(field)", sourceLocation: sourceLocation)
    } catch {
        #expect(error.format == format, "\(error)", sourceLocation: sourceLocation)
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        #expect(error.field.contains(field), "\(error)", sourceLocation: sourceLocation)
    }
}

/// Every proper prefix from `from` bytes on must fail cleanly (the process would crash otherwise).
func expectEveryPrefixFails(_ bytes: [UInt8], from: Int = 0, sourceLocation: SourceLocation = #_sourceLocation) {
    for length in from..<bytes.count {
        #expect(throws: ImageFileError.self, "\(length)-byte prefix", sourceLocation: sourceLocation) {
            try ImageFile.decode(Array(bytes.prefix(length)))
        }
    }
}

/// The error decoding `bytes` with `limits` throws, recording an issue when it decodes.
func decodeError(
    _ bytes: [UInt8], limits: ImageLimits = .standard, sourceLocation: SourceLocation = #_sourceLocation
) -> ImageFileError? {
    do {
        let image = try ImageFile.decode(bytes, limits: limits)
        Issue.record("decoded \(image.width)×\(image.height); expected an error", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}
