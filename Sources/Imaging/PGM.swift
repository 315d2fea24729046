import Foundation

/// A PGM file was rejected; names the header field or the pixel data and what was expected.
public struct PGMError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The part of the file that was wrong.
    public enum Field: String, Sendable {
        case magic, width, height, maxval, pixelData = "pixel data", file
    }

    /// Which part was wrong.
    public let field: Field
    /// What was found and what was expected, in words.
    public let detail: String

    /// Creates an error about `field`.
    public init(field: Field, detail: String) {
        self.field = field
        self.detail = detail
    }

    public var description: String { "PGM \(field.rawValue): \(detail)" }
}

/// Binary PGM (P5, maxval ≤ 255) reading and writing for `GrayFrame`.
public enum PGM {
    /// Parses P5 bytes into a packed frame.
    public static func decode(_ bytes: [UInt8]) throws(PGMError) -> GrayFrame {
        var reader = HeaderReader(bytes: bytes)
        let magic = reader.token()
        guard magic == "P5" else {
            throw PGMError(field: .magic, detail: "found \(magic.map { "\"\($0)\"" } ?? "nothing"), expected \"P5\"")
        }
        let width = try reader.number(.width)
        let height = try reader.number(.height)
        for (field, value) in [(PGMError.Field.width, width), (.height, height)] where value > maximumFrameDimension {
            throw PGMError(field: field, detail: "\(value), expected 1...\(maximumFrameDimension)")
        }
        let maxval = try reader.number(.maxval)
        guard (1...255).contains(maxval) else {
            throw PGMError(field: .maxval, detail: "\(maxval), expected 1...255 (8-bit samples)")
        }
        // Exactly one whitespace byte separates maxval from the raster.
        let start = reader.offset + 1
        let needed = width * height
        let available = max(bytes.count - start, 0)
        guard available >= needed else {
            throw PGMError(field: .pixelData, detail: "\(available) bytes, expected \(needed) (\(width)×\(height))")
        }
        do {
            return try GrayFrame(width: width, height: height, pixels: Array(bytes[start..<(start + needed)]))
        } catch {
            // Unreachable: dimensions and pixel count were checked above.
            throw PGMError(field: .pixelData, detail: error.description)
        }
    }

    /// Encodes `frame` as P5 (maxval 255), dropping row padding.
    public static func encode(_ frame: GrayFrame) -> [UInt8] {
        var bytes = Array("P5\n\(frame.width) \(frame.height)\n255\n".utf8)
        let packed = frame.packed()
        bytes.append(contentsOf: packed.pixels)
        return bytes
    }

    /// Reads and decodes the P5 file at `url`.
    public static func read(contentsOf url: URL) throws(PGMError) -> GrayFrame {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw PGMError(field: .file, detail: "cannot read \(url.path): \(error.localizedDescription)")
        }
        return try decode([UInt8](data))
    }

    /// Encodes `frame` and writes it to `url`.
    public static func write(_ frame: GrayFrame, to url: URL) throws(PGMError) {
        do {
            try Data(encode(frame)).write(to: url)
        } catch {
            throw PGMError(field: .file, detail: "cannot write \(url.path): \(error.localizedDescription)")
        }
    }
}

/// Reads whitespace-separated header tokens, skipping `#` comments.
private struct HeaderReader {
    let bytes: [UInt8]
    /// Index just past the last token read.
    var offset = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func token() -> String? {
        while offset < bytes.count {
            if bytes[offset] == UInt8(ascii: "#") {
                while offset < bytes.count, bytes[offset] != UInt8(ascii: "\n") { offset += 1 }
            } else if isSpace(bytes[offset]) {
                offset += 1
            } else {
                break
            }
        }
        let start = offset
        while offset < bytes.count, !isSpace(bytes[offset]), offset - start < 16 { offset += 1 }
        guard offset > start else { return nil }
        return String(decoding: bytes[start..<offset], as: UTF8.self)
    }

    mutating func number(_ field: PGMError.Field) throws(PGMError) -> Int {
        let text = token()
        guard let text, let value = Int(text), value > 0 else {
            throw PGMError(
                field: field, detail: "found \(text.map { "\"\($0)\"" } ?? "end of file"), expected a positive integer")
        }
        return value
    }

    private func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }
}
