/// Why an inbound frame or a message body could not be decoded. Every case names the field (or the budget).
public enum FrameError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text is not JSON at all.
    case notJSON(String)
    /// The text exceeds one of the JSON budgets of a frame (`WireBudget.json`), named here.
    case overBudget(budget: String, limit: Int)
    /// The JSON text is valid but not an object.
    case notAnObject(found: String)
    /// A required field is absent.
    case missingField(String)
    /// A field has the wrong JSON type.
    case wrongType(field: String, expected: String, found: String)
    /// A field has the right type but an unacceptable value.
    case invalidValue(field: String, reason: String)
    /// A list is longer than its limit (`ProtocolLimits`).
    case tooManyEntries(field: String, limit: Int, found: Int)
    /// The object has none of `cmd`, `headers`, `errcode`, so it is neither response, push nor error.
    case unclassifiable

    public var description: String {
        switch self {
        case .notJSON(let detail): "frame: expected JSON text (\(detail))"
        case .overBudget(let budget, let limit): "frame: over the JSON budget \(budget) = \(limit)"
        case .notAnObject(let found): "frame: expected a JSON object, got \(found)"
        case .missingField(let field): "\(field): required field is missing"
        case .wrongType(let field, let expected, let found): "\(field): expected \(expected), got \(found)"
        case .invalidValue(let field, let reason): "\(field): \(reason)"
        case .tooManyEntries(let field, let limit, let found):
            "\(field): expected at most \(limit) entries, got \(found)"
        case .unclassifiable:
            "frame: expected `cmd` (push), `headers.req_id` (response) or `errcode` (connection error)"
        }
    }
}
