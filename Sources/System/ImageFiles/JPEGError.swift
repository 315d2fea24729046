import Imaging

/// A JPEG could not be decoded or encoded; carries libjpeg-turbo's own message where there is one.
public enum JPEGError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `tjInitDecompress`/`tjInitCompress` returned no handle.
    case handleUnavailable(String)
    /// The input buffer was empty.
    case emptyInput
    /// The header (SOI/SOF) could not be read, e.g. garbage or a buffer cut before the frame header.
    case unreadableHeader(String)
    /// The header declares dimensions outside 1...`maximumFrameDimension`, or more pixels or decoded bytes than the
    /// decoder's `ImageLimits` allow.
    case unsupportedDimensions(width: Int, height: Int)
    /// The input is larger than the decoder's `ImageLimits.maxFileBytes`.
    case inputTooLarge(bytes: Int, limit: Int)
    /// The stream has more scans than the decoder's budget (`ImageLimits.maxJPEGScans`, counted before decoding) or
    /// libjpeg-turbo's own limit (`found` nil: the library stopped after `limit` scans).
    case tooManyScans(limit: Int, found: Int?)
    /// Decoding failed with a fatal (non-recoverable) libjpeg-turbo error.
    case fatal(String)
    /// The quality was outside 1...100.
    case invalidQuality(Int)
    /// Compression failed.
    case encodeFailed(String)

    public var description: String {
        switch self {
        case .handleUnavailable(let message): "JPEG handle unavailable: \(message)"
        case .emptyInput: "JPEG input: expected at least one byte, got 0"
        case .unreadableHeader(let message): "JPEG header unreadable: \(message)"
        case .unsupportedDimensions(let width, let height):
            "JPEG dimensions \(width)×\(height): expected each in 1...\(maximumFrameDimension) and within the decoder's size limits"
        case .inputTooLarge(let bytes, let limit): "JPEG input of \(bytes) bytes: expected at most \(limit)"
        case .tooManyScans(let limit, let found):
            "JPEG scans: expected at most \(limit), found \(found.map(String.init) ?? "more than \(limit)")"
        case .fatal(let message): "JPEG decode failed: \(message)"
        case .invalidQuality(let quality): "JPEG quality \(quality): expected 1...100"
        case .encodeFailed(let message): "JPEG encode failed: \(message)"
        }
    }
}

/// How a decode that produced an image went.
public enum JPEGDecodeStatus: Equatable, Sendable {
    /// Decoded without any libjpeg-turbo warning.
    case intact
    /// libjpeg-turbo warned (e.g. "Premature end of JPEG file"); the image was produced but parts may be grey or wrong.
    case damaged(warning: String)
}

/// A decoded image, intact or damaged (warning-level corruption).
public enum JPEGDecoded<Frame: Sendable>: Sendable {
    /// Decoded without warnings.
    case intact(Frame)
    /// Decoded, but libjpeg-turbo reported a warning-level problem.
    case damaged(Frame, warning: String)

    /// The image, whether intact or damaged.
    public var frame: Frame {
        switch self {
        case .intact(let frame), .damaged(let frame, _): frame
        }
    }

    /// The status without the image.
    public var status: JPEGDecodeStatus {
        switch self {
        case .intact: .intact
        case .damaged(_, let warning): .damaged(warning: warning)
        }
    }
}
