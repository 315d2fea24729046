extension JSONValue {
    /// Member `key` of an object; nil for other kinds or a missing key.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members, if this is an object.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The number as a `Double` (an integer converted to the nearest one); nil for other kinds.
    public var numberValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    /// The integer, if this is an integral number (not a string).
    public var strictIntValue: Int64? {
        switch self {
        case .integer(let value): value
        case .double(let value) where value.rounded() == value && abs(value) < 9.0e15: Int64(value)
        default: nil
        }
    }

    /// The integer, if this is an integral number or a string of decimal digits only (no sign).
    public var lenientIntValue: Int64? {
        if let value = strictIntValue { return value }
        if case .string(let text) = self, !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return Int64(text)
        }
        return nil
    }
}
