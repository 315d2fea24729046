/// A JSON object: members by name (member order is not kept; `jsonText()` writes keys sorted).
public typealias JSONObject = [String: JSONValue]

/// One parsed JSON value. Integers stay apart from floating-point numbers so ids round-trip exactly, and
/// booleans, numbers and strings stay apart so an error can say exactly what it found.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number written without a fraction that fits in 64 bits.
    case integer(Int64)
    /// Any other number.
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}
