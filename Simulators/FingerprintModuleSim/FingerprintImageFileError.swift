import ImageFiles

/// Why a fingerprint image file could not be read; each case names the field and what was expected.
public enum FingerprintImageFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// The first bytes are neither a TIFF header (II*\0 / MM\0*) nor a PGM one (P5).
    case unknownFormat(firstBytes: [UInt8])
    /// The file ends before `field` does.
    case truncated(field: String, neededBytes: Int, fileBytes: Int)
    /// A required TIFF tag is absent.
    case missingTag(String)
    /// A TIFF tag has a value this reader does not handle, e.g. Compression 5 or BitsPerSample 16.
    case unsupportedTag(tag: String, expected: String, received: String)
    /// A PGM header field is not what a binary 8-bit PGM has.
    case malformedPGM(field: String, expected: String, received: String)
    /// The file name is not FVC's `NNN_I.ext`.
    case notFVCName(String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "\(path): cannot read: \(reason)"
        case .unknownFormat(let firstBytes):
            "file header: expected TIFF (II*\\0 or MM\\0*) or PGM (P5), got \(firstBytes.map { hex2($0) }.joined(separator: " "))"
        case .truncated(let field, let needed, let fileBytes):
            "\(field): file truncated, expected at least \(needed) bytes, file has \(fileBytes)"
        case .missingTag(let tag):
            "TIFF tag \(tag): required, not present"
        case .unsupportedTag(let tag, let expected, let received):
            "TIFF tag \(tag): expected \(expected), got \(received)"
        case .malformedPGM(let field, let expected, let received):
            "PGM \(field): expected \(expected), got \(received)"
        case .notFVCName(let name):
            "file name \(name): expected FVC NNN_I (finger number, underscore, impression number)"
        }
    }
}

extension FingerprintImageFileError {
    /// The error ImageFiles reported for a file of `fileBytes` bytes, in this simulator's terms.
    init(_ error: ImageFileError, fileBytes: Int) {
        if error.kind == .truncated {
            let needed = error.neededFileBytes ?? (error.offset ?? fileBytes) + 1
            self = .truncated(field: error.field, neededBytes: needed, fileBytes: fileBytes)
        } else if error.format == .pgm {
            self = .malformedPGM(field: error.field, expected: error.expected, received: error.found)
        } else if error.isAbsentField {
            self = .missingTag(error.field)
        } else {
            self = .unsupportedTag(tag: error.field, expected: error.expected, received: error.found)
        }
    }
}
