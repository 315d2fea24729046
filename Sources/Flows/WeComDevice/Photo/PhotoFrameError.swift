/// Why a binary `download_photo` response frame (spec §3.3) was refused. Every case names the field.
public enum PhotoFrameError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The frame ends before `field` is complete.
    case truncated(field: String, offset: Int, needed: Int, available: Int)
    /// `format_version` is not 1.
    case unsupportedFormatVersion(UInt32)
    /// A length field is out of range.
    case invalidLength(field: String, value: UInt32, expected: String)
    /// `req_id` is not valid UTF-8.
    case reqIDNotUTF8
    /// `data_len` exceeds the client's photo limit.
    case dataTooLarge(declared: UInt32, limit: Int)
    /// Bytes follow the declared data.
    case trailingBytes(count: Int)

    public var description: String {
        switch self {
        case .truncated(let field, let offset, let needed, let available):
            "\(field): needs \(needed) bytes at offset \(offset), the frame has \(available) left"
        case .unsupportedFormatVersion(let version): "format_version: expected 1, got \(version)"
        case .invalidLength(let field, let value, let expected): "\(field): expected \(expected), got \(value)"
        case .reqIDNotUTF8: "req_id: expected UTF-8 text"
        case .dataTooLarge(let declared, let limit):
            "data_len: \(declared) bytes exceeds the photo limit of \(limit) bytes"
        case .trailingBytes(let count): "frame: \(count) bytes after the declared data"
        }
    }
}
