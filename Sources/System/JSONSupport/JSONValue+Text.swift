import Foundation

/// JSON text that could not be parsed.
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the decoder reported.
    public let detail: String

    public init(detail: String) {
        self.detail = detail
    }

    public var description: String { detail }
}

extension JSONValue {
    /// Parses one UTF-8 JSON text.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(Data(text.utf8))
    }

    /// Parses one JSON text from its bytes.
    public static func parse(_ data: Data) throws(JSONSyntaxError) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw JSONSyntaxError(detail: String(describing: error))
        }
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
