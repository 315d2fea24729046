import Foundation
import JSONSupport

/// Typed, path-aware access to a parsed JSON object; every failure names the full key.
struct ConfigReader {
    let object: [String: JSONValue]
    let path: String

    init(object: [String: JSONValue], path: String = "") {
        self.object = object
        self.path = path
    }

    static func parse(_ data: Data, source: String) throws -> ConfigReader {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw ConfigError(key: "(file \(source))", expected: "valid JSON", got: "a syntax error: \(error)")
        }
        guard case .object(let object) = value else {
            throw ConfigError(key: "(file \(source))", expected: "a JSON object at the top level", got: value.inWords)
        }
        return ConfigReader(object: object)
    }

    func key(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    private func value(_ name: String) -> JSONValue? {
        guard let value = object[name], value != .null else { return nil }
        return value
    }

    /// Rejects keys this version does not know, so a typo is an error rather than a silent default.
    func allowOnly(_ names: Set<String>) throws {
        for name in object.keys.sorted() where !names.contains(name) {
            throw ConfigError(
                key: key(name), expected: "one of \(names.sorted().joined(separator: ", "))", got: "an unknown key")
        }
    }

    func section(_ name: String) throws -> ConfigReader? {
        guard let value = value(name) else { return nil }
        guard case .object(let nested) = value else {
            throw ConfigError(key: key(name), expected: "an object", got: value.inWords)
        }
        return ConfigReader(object: nested, path: key(name))
    }

    func string(_ name: String) throws -> String? {
        guard let value = value(name) else { return nil }
        guard case .string(let string) = value else {
            throw ConfigError(key: key(name), expected: "a string", got: value.inWords)
        }
        return string
    }

    func nonEmptyString(_ name: String) throws -> String? {
        guard let string = try string(name) else { return nil }
        guard !string.isEmpty else { throw ConfigError(key: key(name), expected: "a non-empty string", got: "\"\"") }
        return string
    }

    func int(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let value = value(name) else { return nil }
        let expected = "a whole number from \(range.lowerBound) to \(range.upperBound)"
        guard let number = value.numberValue, let int = Int(exactly: number) else {
            throw ConfigError(key: key(name), expected: expected, got: value.inWords)
        }
        guard range.contains(int) else { throw ConfigError(key: key(name), expected: expected, got: "\(int)") }
        return int
    }

    func strings(_ name: String, maxCount: Int) throws -> [String]? {
        guard let value = value(name) else { return nil }
        let expected = "an array of at most \(maxCount) distinct non-empty strings"
        guard case .array(let items) = value else {
            throw ConfigError(key: key(name), expected: expected, got: value.inWords)
        }
        let strings = try items.enumerated().map { index, item in
            guard case .string(let s) = item, !s.isEmpty else {
                throw ConfigError(key: "\(key(name))[\(index)]", expected: "a non-empty string", got: item.inWords)
            }
            return s
        }
        guard strings.count <= maxCount else {
            throw ConfigError(key: key(name), expected: expected, got: "\(strings.count) entries")
        }
        guard Set(strings).count == strings.count else {
            throw ConfigError(
                key: key(name), expected: expected, got: "a repeated entry in [\(strings.joined(separator: ", "))]")
        }
        return strings
    }
}
