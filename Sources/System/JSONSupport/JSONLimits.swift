/// The budgets of the text → `JSONValue` parser. Exceeding one is a `JSONParseError.overBudget` naming it,
/// raised as soon as the parser sees it (before it allocates for what lies beyond).
public struct JSONLimits: Sendable, Hashable {
    /// One budget, by the name errors use.
    public enum Budget: String, Sendable, Hashable, CustomStringConvertible {
        /// Bytes of the whole text.
        case maxBytes
        /// Arrays and objects open at once. The parser recurses once per level, so this also bounds its stack.
        case maxDepth
        /// Values in the whole document (every array element, object member value and scalar counts).
        case maxValues
        /// UTF-8 bytes of one string (after unescaping; object keys too) or of one number literal.
        case maxStringBytes

        public var description: String { rawValue }
    }

    public var maxBytes: Int
    public var maxDepth: Int
    public var maxValues: Int
    public var maxStringBytes: Int

    public init(maxBytes: Int, maxDepth: Int, maxValues: Int, maxStringBytes: Int) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxValues = maxValues
        self.maxStringBytes = maxStringBytes
    }

    /// For texts that are not held to a tighter budget (the simulator's own input): 16 MiB, 64 levels,
    /// a million values, strings as long as the text.
    public static let `default` = JSONLimits(
        maxBytes: 16 << 20, maxDepth: 64, maxValues: 1_000_000, maxStringBytes: 16 << 20)

    /// The limit of `budget`.
    public func limit(of budget: Budget) -> Int {
        switch budget {
        case .maxBytes: maxBytes
        case .maxDepth: maxDepth
        case .maxValues: maxValues
        case .maxStringBytes: maxStringBytes
        }
    }
}
