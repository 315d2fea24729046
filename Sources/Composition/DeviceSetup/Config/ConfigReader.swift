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

    /// The config file's budget: a real one is a few hundred bytes, a few levels deep.
    static let limits = JSONLimits(maxBytes: 64 * 1024, maxDepth: 8, maxValues: 4096, maxStringBytes: 4096)

    /// The bytes of the config file at `path`, at most `limits.maxBytes + 1` of them (so that `/dev/zero`
    /// or a huge file is an error, not an endless read).
    static func read(path: String) throws -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ConfigError(
                key: "(file \(path))", expected: "a readable config file", got: "nothing at that path or no permission")
        }
        defer { try? handle.close() }
        do {
            return try handle.read(upToCount: limits.maxBytes + 1) ?? Data()
        } catch {
            throw ConfigError(key: "(file \(path))", expected: "a readable config file", got: "\(error)")
        }
    }

    /// Parses with `limits`; a key given twice in one object is an error naming it and both lines (the
    /// JSON decoder would silently keep one of the two values).
    static func parse(_ data: Data, source: String) throws -> ConfigReader {
        let value: JSONValue
        do throws(JSONParseError) {
            value = try JSONValue.parse(data, limits: limits)
        } catch .overBudget(.maxBytes, let limit, _) {
            throw ConfigError(
                key: "(file \(source))", expected: "a config file of at most \(limit) bytes", got: "more")
        } catch .duplicateKey(let key, let first, let second) {
            throw ConfigError(
                key: printable(key), expected: "each key once in its object",
                got:
                    "it twice: on line \(line(at: first, in: data)) and on line \(line(at: second, in: data)) of \(source)"
            )
        } catch {
            throw ConfigError(key: "(file \(source))", expected: "valid JSON", got: "\(error)")
        }
        guard case .object(let object) = value else {
            throw ConfigError(key: "(file \(source))", expected: "a JSON object at the top level", got: value.inWords)
        }
        return ConfigReader(object: object)
    }

    /// The 1-based line of byte `offset` in `data`.
    private static func line(at offset: Int, in data: Data) -> Int {
        data.prefix(offset).reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }

    func key(_ name: String) -> String { Self.printable(path.isEmpty ? name : "\(path).\(name)") }

    /// `text` with control characters (NUL, newlines, escape sequences) written as `\u{…}`, so that an
    /// error message shows a hostile key as it is instead of acting on the terminal.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return text }
        return text.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control
                ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }.joined()
    }

    /// Refuses a string holding NUL: the C calls that take paths and names would see only the text
    /// before it, so `"/var/lib/x\u0000/../evil"` would silently become `/var/lib/x`.
    private func checkNoNUL(_ string: String, key: String) throws {
        guard let index = string.unicodeScalars.firstIndex(of: "\0") else { return }
        let offset = string.unicodeScalars.distance(from: string.unicodeScalars.startIndex, to: index)
        throw ConfigError(
            key: key, expected: "text without NUL characters",
            got: "a NUL (\\u0000) at character \(offset + 1) of \(string.unicodeScalars.count)")
    }

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
        try checkNoNUL(string, key: key(name))
        return string
    }

    func nonEmptyString(_ name: String) throws -> String? {
        guard let string = try string(name) else { return nil }
        guard !string.isEmpty else { throw ConfigError(key: key(name), expected: "a non-empty string", got: "\"\"") }
        return string
    }

    func bool(_ name: String) throws -> Bool? {
        guard let value = value(name) else { return nil }
        guard case .bool(let flag) = value else {
            throw ConfigError(key: key(name), expected: "true or false", got: value.inWords)
        }
        return flag
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
            try checkNoNUL(s, key: "\(key(name))[\(index)]")
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
