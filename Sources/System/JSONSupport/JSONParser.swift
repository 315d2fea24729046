/// RFC 8259 text → `JSONValue`, within `JSONLimits`. Recursive descent whose depth is bounded by
/// `maxDepth` (checked before each descent), so no input can exhaust the stack; every other budget is
/// checked before the parser allocates for what it has not read yet.
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let limits: JSONLimits
    private var offset = 0
    private var depth = 0
    private var values = 0
    /// Reused for strings with escapes.
    private var scratch: [UInt8] = []

    /// Parses one whole text (surrounding whitespace allowed, nothing else).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, limits: JSONLimits) throws(JSONParseError) -> JSONValue {
        guard bytes.count <= limits.maxBytes else {
            throw .overBudget(.maxBytes, limit: limits.maxBytes, offset: limits.maxBytes)
        }
        var parser = JSONParser(bytes: bytes, limits: limits)
        parser.skipWhitespace()
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.offset == bytes.count else { throw parser.unexpected("the end of the text") }
        return value
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, limits: JSONLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    // MARK: Values

    private mutating func value() throws(JSONParseError) -> JSONValue {
        values += 1
        guard values <= limits.maxValues else { throw .overBudget(.maxValues, limit: limits.maxValues, offset: offset) }
        guard offset < bytes.count else { throw unexpected("a value") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw unexpected("a value")
        }
    }

    private mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        guard depth <= limits.maxDepth else { throw .overBudget(.maxDepth, limit: limits.maxDepth, offset: offset) }
        offset += 1
        skipWhitespace()
    }

    private mutating func array() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        var elements: [JSONValue] = []
        if consume(UInt8(ascii: "]")) {
            depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(try value())
            skipWhitespace()
            if consume(UInt8(ascii: "]")) { break }
            try expect(UInt8(ascii: ","), "',' or ']'")
            skipWhitespace()
        }
        depth -= 1
        return .array(elements)
    }

    private mutating func object() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        var members: JSONObject = [:]
        var keyOffsets: [String: Int] = [:]
        if consume(UInt8(ascii: "}")) {
            depth -= 1
            return .object(members)
        }
        while true {
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw unexpected("a member name") }
            let keyOffset = offset
            let key = try string()
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "':'")
            skipWhitespace()
            let member = try value()
            if let first = keyOffsets.updateValue(keyOffset, forKey: key) {
                throw .duplicateKey(key, firstOffset: first, offset: keyOffset)
            }
            members[key] = member
            skipWhitespace()
            if consume(UInt8(ascii: "}")) { break }
            try expect(UInt8(ascii: ","), "',' or '}'")
            skipWhitespace()
        }
        depth -= 1
        return .object(members)
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        let matches =
            bytes.count - offset >= count
            && (0..<count).allSatisfy { bytes[offset + $0] == word.utf8Start[$0] }
        guard matches else { throw unexpected("\(word)") }
        offset += count
    }

    // MARK: Strings

    /// A string token starting at the opening quote; returns its unescaped text.
    private mutating func string() throws(JSONParseError) -> String {
        let start = offset
        offset += 1
        let runStart = offset
        // Fast path: no escapes, the token's bytes are the text.
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let length = offset - runStart
                guard length <= limits.maxStringBytes else { throw stringOverBudget(at: start) }
                let text = String(validating: UnsafeBufferPointer(rebasing: bytes[runStart..<offset]), as: UTF8.self)
                guard let text else { throw .invalidUnicode(offset: start) }
                offset += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw unexpected("a string character (control characters must be escaped)") }
            offset += 1
            guard offset - runStart <= limits.maxStringBytes else { throw stringOverBudget(at: start) }
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<offset]))
        while true {
            guard offset < bytes.count else { throw unexpected("'\"' closing the string at byte \(start)") }
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                offset += 1
                break
            }
            if byte == UInt8(ascii: "\\") {
                try escape()
            } else {
                guard byte >= 0x20 else {
                    throw unexpected("a string character (control characters must be escaped)")
                }
                scratch.append(byte)
                offset += 1
            }
            guard scratch.count <= limits.maxStringBytes else { throw stringOverBudget(at: start) }
        }
        guard let text = String(validating: scratch, as: UTF8.self) else { throw .invalidUnicode(offset: start) }
        return text
    }

    private func stringOverBudget(at start: Int) -> JSONParseError {
        .overBudget(.maxStringBytes, limit: limits.maxStringBytes, offset: start)
    }

    /// One escape sequence starting at the backslash, appended to `scratch` as UTF-8.
    private mutating func escape() throws(JSONParseError) {
        let start = offset
        offset += 1
        guard offset < bytes.count else { throw unexpected("an escape character") }
        let byte = bytes[offset]
        offset += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(byte)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try hexUnit()
            var scalar: Unicode.Scalar?
            switch unit {
            case 0xD800...0xDBFF:
                // A high surrogate must be followed by an escaped low one.
                guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")) else {
                    throw .invalidUnicode(offset: start)
                }
                let low = try hexUnit()
                guard (0xDC00...0xDFFF).contains(low) else { throw .invalidUnicode(offset: start) }
                scalar = Unicode.Scalar(0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00))
            case 0xDC00...0xDFFF: scalar = nil
            default: scalar = Unicode.Scalar(unit)
            }
            guard let scalar else { throw .invalidUnicode(offset: start) }
            scratch.append(contentsOf: UTF8.encode(scalar)!)
        default:
            offset -= 1
            throw unexpected("an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t, or \\u and four hex digits)")
        }
    }

    /// Four hex digits of a `\u` escape.
    private mutating func hexUnit() throws(JSONParseError) -> UInt16 {
        var unit: UInt16 = 0
        for _ in 0..<4 {
            guard offset < bytes.count, let digit = Self.hexValue(bytes[offset]) else {
                throw unexpected("a hex digit")
            }
            unit = unit << 4 | UInt16(digit)
            offset += 1
        }
        return unit
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    // MARK: Numbers

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`: an integer that fits in 64 bits, else a
    /// finite Double.
    private mutating func number() throws(JSONParseError) -> JSONValue {
        let start = offset
        _ = consume(UInt8(ascii: "-"))
        if consume(UInt8(ascii: "0")) {
            // No leading zeros.
        } else {
            try digits()
        }
        var isInteger = true
        if consume(UInt8(ascii: ".")) {
            isInteger = false
            try digits()
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            isInteger = false
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            try digits()
        }
        guard offset - start <= limits.maxStringBytes else { throw stringOverBudget(at: start) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        if isInteger, let integer = Int64(text) { return .integer(integer) }
        guard let double = Double(text), double.isFinite else { throw .numberOutOfRange(text, offset: start) }
        return .double(double)
    }

    /// One or more decimal digits.
    private mutating func digits() throws(JSONParseError) {
        let start = offset
        while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) { offset += 1 }
        guard offset > start else { throw unexpected("a digit") }
    }

    // MARK: Tokens

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    /// Steps over `byte` if it is next.
    private mutating func consume(_ byte: UInt8) -> Bool {
        guard offset < bytes.count, bytes[offset] == byte else { return false }
        offset += 1
        return true
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(JSONParseError) {
        guard consume(byte) else { throw unexpected(what) }
    }

    private func unexpected(_ expected: String) -> JSONParseError {
        .syntax(offset: offset, expected: expected, found: found)
    }

    /// What is at the current offset, in words.
    private var found: String {
        guard offset < bytes.count else { return "the end of the text" }
        let byte = bytes[offset]
        if (0x21...0x7E).contains(byte) { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }
}
