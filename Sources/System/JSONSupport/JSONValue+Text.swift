import Foundation

extension JSONValue {
    /// Parses one UTF-8 JSON text within `limits`. Numbers without fraction or exponent that fit in 64 bits
    /// are `.integer`, other numbers `.double` (a number beyond a Double's range is refused); a repeated
    /// object member is refused.
    public static func parse(_ text: String, limits: JSONLimits = .default) throws(JSONParseError) -> JSONValue {
        guard text.utf8.count <= limits.maxBytes else {
            throw .overBudget(.maxBytes, limit: limits.maxBytes, offset: limits.maxBytes)
        }
        var text = text
        let result = text.withUTF8 { bytes in
            Result { () throws(JSONParseError) in try JSONParser.parse(bytes, limits: limits) }
        }
        return try result.get()
    }

    /// Parses one JSON text from its bytes (which must be UTF-8) within `limits`.
    public static func parse(_ data: Data, limits: JSONLimits = .default) throws(JSONParseError) -> JSONValue {
        guard data.count <= limits.maxBytes else {
            throw .overBudget(.maxBytes, limit: limits.maxBytes, offset: limits.maxBytes)
        }
        let result = data.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) in
                try JSONParser.parse(raw.assumingMemoryBound(to: UInt8.self), limits: limits)
            }
        }
        return try result.get()
    }

    /// Compact JSON text with sorted keys and unescaped slashes (deterministic output).
    public func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a JSONValue tree cannot fail: every case maps to a plain JSON value.
        guard let data = try? encoder.encode(self) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}
