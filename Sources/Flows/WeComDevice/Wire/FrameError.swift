/// Why an inbound frame or a message body could not be decoded. Every case names the field.
public enum FrameError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text is not JSON at all.
    case notJSON(String)
    /// The JSON text is valid but not an object.
    case notAnObject(found: String)
    /// A required field is absent.
    case missingField(String)
    /// A field has the wrong JSON type.
    case wrongType(field: String, expected: String, found: String)
    /// A field has the right type but an unacceptable value.
    case invalidValue(field: String, reason: String)
    /// The object has none of `cmd`, `headers`, `errcode`, so it is neither response, push nor error.
    case unclassifiable

    public var description: String {
        switch self {
        case .notJSON(let detail): "frame: expected JSON text (\(detail))"
        case .notAnObject(let found): "frame: expected a JSON object, got \(found)"
        case .missingField(let field): "\(field): required field is missing"
        case .wrongType(let field, let expected, let found): "\(field): expected \(expected), got \(found)"
        case .invalidValue(let field, let reason): "\(field): \(reason)"
        case .unclassifiable:
            "frame: expected `cmd` (push), `headers.req_id` (response) or `errcode` (connection error)"
        }
    }
}
