/// Why a JSON text was refused; every case says where (the byte offset into the text).
public enum JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not JSON: what the grammar expected at `offset` and what was there.
    case syntax(offset: Int, expected: String, found: String)
    /// Valid so far, but over one of the parser's budgets (`JSONLimits`).
    case overBudget(JSONLimits.Budget, limit: Int, offset: Int)
    /// An object names the same member twice (which one would count is ambiguous, so neither does): the byte
    /// offsets of both names.
    case duplicateKey(String, firstOffset: Int, offset: Int)
    /// A number too large for a `Double` (e.g. `1e400`).
    case numberOutOfRange(String, offset: Int)
    /// A string whose bytes (or `\u` escapes) are not valid UTF-8 / UTF-16.
    case invalidUnicode(offset: Int)

    public var description: String {
        switch self {
        case .syntax(let offset, let expected, let found):
            "JSON: expected \(expected) at byte \(offset), found \(found)"
        case .overBudget(let budget, let limit, let offset):
            "JSON: over the budget \(budget) = \(limit) at byte \(offset)"
        case .duplicateKey(let key, let first, let offset):
            "JSON: object member \"\(key.prefix(40))\" at byte \(first) repeated at byte \(offset)"
        case .numberOutOfRange(let text, let offset):
            "JSON: number \(text.prefix(40)) at byte \(offset) is outside the range of a Double"
        case .invalidUnicode(let offset): "JSON: string at byte \(offset) is not valid UTF-8 / UTF-16"
        }
    }

    /// The budget this error reports, if it is one.
    public var budget: JSONLimits.Budget? {
        if case .overBudget(let budget, _, _) = self { return budget }
        return nil
    }
}
