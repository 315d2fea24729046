import Foundation
import JSONSupport

/// Typed access to the fields of a JSON object; errors carry the full field path.
struct FieldReader {
    let object: JSONObject
    /// Path of `object` itself, e.g. "body" or "body.userinfo[2]"; empty at the top level.
    let path: String

    init(_ object: JSONObject, path: String = "") {
        self.object = object
        self.path = path
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func has(_ key: String) -> Bool {
        if case .some(.null) = object[key] { return false }
        return object[key] != nil
    }

    func string(_ key: String) throws(FrameError) -> String {
        guard let value = try optionalString(key) else { throw .missingField(fieldPath(key)) }
        return value
    }

    func optionalString(_ key: String) throws(FrameError) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        case let other?: throw .wrongType(field: fieldPath(key), expected: "string", found: other.kindName)
        }
    }

    /// An integer field that must be a JSON number.
    func integer(_ key: String) throws(FrameError) -> Int64 {
        guard let value = try optionalInteger(key) else { throw .missingField(fieldPath(key)) }
        return value
    }

    /// A JSON number without a fraction; a double is accepted only where it is exact (|x| < 2⁵³).
    func optionalInteger(_ key: String) throws(FrameError) -> Int64? {
        switch object[key] {
        case nil, .null?: return nil
        case .integer(let value)?: return value
        case .double(let value)?:
            guard value.rounded() == value, abs(value) < Self.exactDoubleLimit, let integer = Int64(exactly: value)
            else {
                throw .invalidValue(
                    field: fieldPath(key),
                    reason: "expected an integer (below 2^53 if written as a float), got \(value)")
            }
            return integer
        case let other?: throw .wrongType(field: fieldPath(key), expected: "integer", found: other.kindName)
        }
    }

    /// Largest magnitude at which every integral `Double` is exact.
    private static let exactDoubleLimit = 9_007_199_254_740_992.0

    /// An integer field that may arrive as a number or a decimal string (the protocol is loose about ids).
    func lenientInteger(_ key: String) throws(FrameError) -> Int64 {
        guard let value = try optionalLenientInteger(key) else { throw .missingField(fieldPath(key)) }
        return value
    }

    /// A number, or a string of ASCII decimal digits with an optional leading `-` (surrounding spaces
    /// tolerated); anything else (a sign `+`, `NaN`, `1e3`, hex, other scripts' digits) is refused, and so is
    /// a decimal string beyond 64 bits.
    func optionalLenientInteger(_ key: String) throws(FrameError) -> Int64? {
        guard case .string(let raw)? = object[key] else { return try optionalInteger(key) }
        let text = raw.trimmingCharacters(in: .whitespaces)
        let digits = text.utf8.first == UInt8(ascii: "-") ? text.utf8.dropFirst() : text.utf8[...]
        guard !digits.isEmpty, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw .wrongType(
                field: fieldPath(key), expected: "integer or decimal string", found: "string \"\(raw.prefix(20))\"")
        }
        guard let value = Int64(text) else {
            throw .invalidValue(
                field: fieldPath(key), reason: "expected a 64-bit integer, got the string \"\(raw.prefix(30))\"")
        }
        return value
    }

    /// A lenient integer that must lie in `range` (`expected` says what the range means).
    func lenientInteger(_ key: String, in range: ClosedRange<Int64>, expected: String) throws(FrameError) -> Int64 {
        guard let value = try optionalLenientInteger(key, in: range, expected: expected) else {
            throw .missingField(fieldPath(key))
        }
        return value
    }

    func optionalLenientInteger(_ key: String, in range: ClosedRange<Int64>, expected: String) throws(FrameError)
        -> Int64?
    {
        guard let value = try optionalLenientInteger(key) else { return nil }
        guard range.contains(value) else {
            throw .invalidValue(
                field: fieldPath(key),
                reason: "expected \(expected) (\(range.lowerBound)-\(range.upperBound)), got \(value)")
        }
        return value
    }

    /// A lenient integer in `range`, as an `Int` (for slot ids and small enumerations).
    func lenientInt(_ key: String, in range: ClosedRange<Int>) throws(FrameError) -> Int {
        let value = try lenientInteger(key)
        guard let int = Int(exactly: value), range.contains(int) else {
            throw .invalidValue(
                field: fieldPath(key), reason: "expected \(range.lowerBound)-\(range.upperBound), got \(value)")
        }
        return int
    }

    func optionalBool(_ key: String) throws(FrameError) -> Bool? {
        switch object[key] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        case .integer(let value)? where value == 0 || value == 1: return value == 1
        case let other?: throw .wrongType(field: fieldPath(key), expected: "boolean", found: other.kindName)
        }
    }

    func optionalObject(_ key: String) throws(FrameError) -> JSONObject? {
        switch object[key] {
        case nil, .null?: return nil
        case .object(let value)?: return value
        case let other?: throw .wrongType(field: fieldPath(key), expected: "object", found: other.kindName)
        }
    }

    func optionalArray(_ key: String) throws(FrameError) -> [JSONValue]? {
        switch object[key] {
        case nil, .null?: return nil
        case .array(let value)?: return value
        case let other?: throw .wrongType(field: fieldPath(key), expected: "array", found: other.kindName)
        }
    }

    /// An optional array of at most `limit` elements (an absent array is empty).
    func optionalArray(_ key: String, limit: Int) throws(FrameError) -> [JSONValue] {
        guard let items = try optionalArray(key) else { return [] }
        guard items.count <= limit else {
            throw .tooManyEntries(field: fieldPath(key), limit: limit, found: items.count)
        }
        return items
    }

    /// The elements of an optional array of at most `limit` objects, each wrapped in a reader with its
    /// indexed path.
    func objectElements(_ key: String, limit: Int) throws(FrameError) -> [FieldReader] {
        let items = try optionalArray(key, limit: limit)
        var readers: [FieldReader] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(fieldPath(key))[\(index)]"
            guard case .object(let object) = item else {
                throw .wrongType(field: itemPath, expected: "object", found: item.kindName)
            }
            readers.append(FieldReader(object, path: itemPath))
        }
        return readers
    }
}
