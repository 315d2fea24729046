extension JSONValue {
    /// The kind of the value in one word, for error messages: "null", "boolean", "number", "string",
    /// "array", "object".
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The value in a few words, for error messages: `the boolean true`, `the number 5`, `the number 2.5`,
    /// `the string "x"`, `an array`, `an object`, `null`.
    public var inWords: String {
        switch self {
        case .null: "null"
        case .bool(let value): "the boolean \(value)"
        case .integer(let value): Self.numberInWords(Double(value))
        case .double(let value): Self.numberInWords(value)
        case .string(let value): "the string \"\(value)\""
        case .array: "an array"
        case .object: "an object"
        }
    }

    private static func numberInWords(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? "the number \(Int(number))" : "the number \(number)"
    }
}
