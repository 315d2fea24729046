import Foundation

/// A JSON document as a Sendable value; frames are decoded into it and built from it.
public enum CloudJSON: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([CloudJSON])
    case object([String: CloudJSON])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([CloudJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: CloudJSON].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Parses UTF-8 JSON text.
    public static func parse(_ text: String) throws -> CloudJSON {
        try JSONDecoder().decode(CloudJSON.self, from: Data(text.utf8))
    }

    /// Parses JSON bytes.
    public static func parse(_ data: Data) throws -> CloudJSON {
        try JSONDecoder().decode(CloudJSON.self, from: data)
    }

    /// Compact JSON text with sorted keys.
    public func serialized() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a CloudJSON cannot fail: every case maps to a JSON primitive or container.
        let data = (try? encoder.encode(self)) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Member `key` of an object, nil for other kinds or a missing key.
    public subscript(key: String) -> CloudJSON? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer, if this is an integral number (not a string).
    public var strictIntValue: Int64? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value.rounded() == value && abs(value) < 9.0e15: return Int64(value)
        default: return nil
        }
    }

    /// The integer, if this is an integral number or a string holding only decimal digits
    /// (the protocol is lenient about numbers sent as strings).
    public var lenientIntValue: Int64? {
        if let value = strictIntValue { return value }
        if case .string(let text) = self, !text.isEmpty, text.allSatisfy(\.isASCIIDigit) { return Int64(text) }
        return nil
    }

    /// The elements, if this is an array.
    public var arrayValue: [CloudJSON]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members, if this is an object.
    public var objectValue: [String: CloudJSON]? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// A short name of the JSON kind, for error messages.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension CloudJSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: CloudJSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, CloudJSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
