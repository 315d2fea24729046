import Foundation

/// A photo the cloud served (or will serve) for `push_user_face`, indexed so uploads that carry it, or
/// pieces of it, are recognised as images rather than templates.
public struct KnownPhoto: Sendable {
    /// Length of the photo pieces compared with uploaded data.
    public static let windowBytes = 32
    /// Pieces with fewer distinct byte values (padding, runs) are not indexed: templates may hold them too.
    static let minDistinctBytes = 8

    public let mediaID: String
    public let bytes: Data
    private let raw: [UInt8]
    /// Offsets of indexed pieces (every `windowBytes`), keyed by their first 8 bytes.
    let pieces: [UInt64: [Int]]

    public init(mediaID: String, bytes: Data) {
        self.mediaID = mediaID
        self.bytes = bytes
        raw = [UInt8](bytes)
        var pieces: [UInt64: [Int]] = [:]
        var offset = 0
        while offset + Self.windowBytes <= raw.count {
            if Self.distinctCount(raw, offset) >= Self.minDistinctBytes {
                pieces[Self.key(raw, at: offset), default: []].append(offset)
            }
            offset += Self.windowBytes
        }
        self.pieces = pieces
    }

    /// Why `data` is this photo or holds part of it; nil when it shares no indexed piece with it.
    /// Any run of 2 × `windowBytes` - 1 photo bytes contains a whole indexed piece.
    func reason(for data: Data) -> String? {
        if data == bytes { return "equals the photo served as media_id \(mediaID)" }
        let candidate = [UInt8](data)
        let photo = raw
        guard candidate.count >= Self.windowBytes else { return nil }
        for start in 0...(candidate.count - Self.windowBytes) {
            guard let offsets = pieces[Self.key(candidate, at: start)] else { continue }
            for offset in offsets
            where photo[offset..<(offset + Self.windowBytes)].elementsEqual(
                candidate[start..<(start + Self.windowBytes)])
            {
                if candidate.count >= photo.count, start >= offset,
                    candidate[(start - offset)...].starts(with: photo)
                {
                    return "contains the photo served as media_id \(mediaID) at offset \(start - offset)"
                }
                return
                    "contains bytes \(offset)-\(offset + Self.windowBytes - 1) of the photo served as media_id \(mediaID) at offset \(start)"
            }
        }
        return nil
    }

    private static func distinctCount(_ bytes: [UInt8], _ offset: Int) -> Int {
        var seen = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        for byte in bytes[offset..<(offset + windowBytes)] {
            let bit = UInt64(1) << UInt64(byte & 63)
            switch byte >> 6 {
            case 0: seen.0 |= bit
            case 1: seen.1 |= bit
            case 2: seen.2 |= bit
            default: seen.3 |= bit
            }
        }
        return seen.0.nonzeroBitCount + seen.1.nonzeroBitCount + seen.2.nonzeroBitCount + seen.3.nonzeroBitCount
    }

    private static func key(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in offset..<(offset + 8) { value = value << 8 | UInt64(bytes[index]) }
        return value
    }
}

extension TemplateImageDetector {
    /// A reason text when `data` is, or contains a piece of, one of `photos`; nil otherwise.
    public static func photoReason(_ data: Data, photos: [KnownPhoto]) -> String? {
        for photo in photos {
            if let reason = photo.reason(for: data) { return "\(reason), not a template" }
        }
        return nil
    }
}
