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

    func optionalInteger(_ key: String) throws(FrameError) -> Int64? {
        switch object[key] {
        case nil, .null?: return nil
        case .integer(let value)?: return value
        case .double(let value)? where value.rounded() == value && abs(value) < 9e15: return Int64(value)
        case let other?: throw .wrongType(field: fieldPath(key), expected: "integer", found: other.kindName)
        }
    }

    /// An integer field that may arrive as a number or a decimal string (the protocol is loose about ids).
    func lenientInteger(_ key: String) throws(FrameError) -> Int64 {
        guard let value = try optionalLenientInteger(key) else { throw .missingField(fieldPath(key)) }
        return value
    }

    func optionalLenientInteger(_ key: String) throws(FrameError) -> Int64? {
        if case .string(let text)? = object[key] {
            guard let value = Int64(text.trimmingCharacters(in: .whitespaces)) else {
                throw .wrongType(
                    field: fieldPath(key), expected: "integer or decimal string", found: "string \"\(text.prefix(20))\""
                )
            }
            return value
        }
        return try optionalInteger(key)
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

    /// The elements of an optional array of objects, each wrapped in a reader with its indexed path.
    func objectElements(_ key: String) throws(FrameError) -> [FieldReader] {
        guard let items = try optionalArray(key) else { return [] }
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
