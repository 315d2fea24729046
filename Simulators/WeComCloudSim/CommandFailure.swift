import JSONSupport

/// A device command answered with a non-zero errcode.
struct CommandFailure: Error, Sendable {
    let errcode: Int
    let errmsg: String

    init(_ errcode: Int, _ errmsg: String) {
        self.errcode = errcode
        self.errmsg = errmsg
    }

    static func invalid(_ field: String, _ expected: String) -> CommandFailure {
        CommandFailure(CloudErrorCode.invalidParameter, "\(field): expected \(expected)")
    }
}

/// Typed, field-naming access to a request body.
struct RequestBody {
    let value: JSONValue?

    func requiredString(_ key: String) throws -> String {
        guard let field = value?[key] else {
            throw CommandFailure.invalid("body.\(key)", "a string, but it is missing")
        }
        guard let text = field.stringValue, !text.isEmpty else {
            throw CommandFailure.invalid("body.\(key)", "a non-empty string, got \(field.jsonText())")
        }
        return text
    }

    /// An unsigned integer sent as a JSON number or a numeric string, returned as its decimal text.
    func requiredNumberText(_ key: String) throws -> String {
        guard let field = value?[key] else {
            throw CommandFailure.invalid("body.\(key)", "a number, but it is missing")
        }
        switch field {
        case .integer(let number) where number >= 0: return String(number)
        case .double(let number) where number >= 0 && number.rounded() == number && number < 9.0e15:
            return String(Int64(number))
        case .string(let text) where !text.isEmpty && text.allSatisfy(\.isASCIIDigit): return text
        default:
            throw CommandFailure.invalid(
                "body.\(key)", "an unsigned integer (number or numeric string), got \(field.jsonText())")
        }
    }

    /// An optional array of strings with at most `limit` items.
    func stringList(_ field: JSONValue?, name: String, limit: Int) throws -> [String] {
        guard let field else { return [] }
        guard let items = field.arrayValue else {
            throw CommandFailure.invalid(name, "an array of strings, got \(field.kindName)")
        }
        guard items.count <= limit else {
            throw CommandFailure(CloudErrorCode.tooManyItems, "\(name): at most \(limit) items, got \(items.count)")
        }
        return try items.enumerated().map { index, item in
            guard let text = item.stringValue, !text.isEmpty else {
                throw CommandFailure.invalid("\(name)[\(index)]", "a non-empty string, got \(item.jsonText())")
            }
            return text
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
