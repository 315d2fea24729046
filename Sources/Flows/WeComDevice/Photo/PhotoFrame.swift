import Foundation

/// The cloud's binary answer to `download_photo` (spec §3.3):
/// `[4B LE format_version][4B LE req_id_len][req_id][4B LE data_len][data]`.
public struct PhotoFrame: Sendable, Hashable {
    /// The only format this client reads.
    public static let formatVersion: UInt32 = 1
    /// Longest accepted `req_id`, in bytes.
    public static let maxReqIDBytes = 256
    /// Longest header: `format_version`, `req_id_len`, the longest `req_id`, `data_len`.
    public static let maxHeaderBytes = 4 + 4 + maxReqIDBytes + 4

    public var reqID: String
    public var data: Data

    public init(reqID: String, data: Data) {
        self.reqID = reqID
        self.data = data
    }

    /// The wire bytes (used by tests and in-process clouds).
    public func encoded(formatVersion: UInt32 = PhotoFrame.formatVersion) -> Data {
        var bytes = Data()
        let reqIDBytes = Data(reqID.utf8)
        bytes.appendLittleEndian(formatVersion)
        bytes.appendLittleEndian(UInt32(reqIDBytes.count))
        bytes.append(reqIDBytes)
        bytes.appendLittleEndian(UInt32(data.count))
        bytes.append(data)
        return bytes
    }

    /// Parses a frame strictly: version 1, every length within the frame, `data_len` ≤ `maxDataBytes`
    /// (checked before anything is copied), the data exactly `data_len` bytes, nothing after it.
    public static func decode(_ frame: Data, maxDataBytes: Int) throws(PhotoFrameError) -> PhotoFrame {
        var reader = ByteReader(frame)
        let reqID = try header(&reader)
        let declared = try reader.uint32(field: "data_len")
        guard declared > 0 else { throw .invalidLength(field: "data_len", value: 0, expected: "at least 1 byte") }
        guard let dataLength = Int(exactly: declared), dataLength <= maxDataBytes else {
            throw .dataTooLarge(declared: declared, limit: maxDataBytes)
        }
        let data = try reader.bytes(dataLength, field: "data")
        guard reader.remaining == 0 else { throw .trailingBytes(count: reader.remaining) }
        return PhotoFrame(reqID: reqID, data: data)
    }

    /// The `req_id` of a frame whose header (version 1, req_id) is intact, even if the rest is not;
    /// lets the session fail the right request at once instead of at its timeout.
    public static func reqID(ofPossiblyMalformed frame: Data) -> String? {
        var reader = ByteReader(frame)
        return try? header(&reader)
    }

    private static func header(_ reader: inout ByteReader) throws(PhotoFrameError) -> String {
        let version = try reader.uint32(field: "format_version")
        guard version == formatVersion else { throw .unsupportedFormatVersion(version) }
        let declared = try reader.uint32(field: "req_id_len")
        guard let length = Int(exactly: declared), (1...maxReqIDBytes).contains(length) else {
            throw .invalidLength(field: "req_id_len", value: declared, expected: "1-\(maxReqIDBytes)")
        }
        let raw = try reader.bytes(length, field: "req_id")
        guard let reqID = String(validating: raw, as: UTF8.self) else { throw .reqIDNotUTF8 }
        return reqID
    }
}

/// Reads little-endian fields from the front of a byte buffer, checking every length.
private struct ByteReader {
    private let bytes: Data
    private var offset: Int

    init(_ bytes: Data) {
        self.bytes = bytes
        offset = bytes.startIndex
    }

    var remaining: Int { bytes.endIndex - offset }

    mutating func uint32(field: String) throws(PhotoFrameError) -> UInt32 {
        let raw = try self.bytes(4, field: field)
        return raw.reversed().reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
    }

    /// The next `count` bytes (copied only after `count` was checked against what is left).
    mutating func bytes(_ count: Int, field: String) throws(PhotoFrameError) -> Data {
        guard count >= 0, count <= remaining else {
            throw .truncated(field: field, offset: offset - bytes.startIndex, needed: count, available: remaining)
        }
        defer { offset += count }
        return Data(bytes[offset..<(offset + count)])
    }
}

extension Data {
    fileprivate mutating func appendLittleEndian(_ value: UInt32) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
