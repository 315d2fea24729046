/// Finds a key written twice in one object of a JSON text. The JSON decoder keeps one of the two
/// values without a word, so a config whose later `"path"` silently replaces an earlier one is refused
/// instead, naming the key and both lines.
///
/// Runs on text the JSON decoder has already accepted, so it only has to follow strings and nesting;
/// it keeps its own stack (no recursion) and never traps on odd input.
enum DuplicateKeyScan {
    /// One object or array the scan is inside.
    private struct Frame {
        /// The dotted path of this container, e.g. "cloud" or "algorithms.face[1]".
        let path: String
        let isObject: Bool
        /// Keys seen in this object, with the line of their first appearance.
        var keys: [String: Int] = [:]
        /// Whether the next string in this object is a key.
        var expectingKey = true
        /// The last key (object) or the element index (array), to name a nested container.
        var lastKey = ""
        var index = 0

        var childPath: String {
            isObject ? (path.isEmpty ? lastKey : "\(path).\(lastKey)") : "\(path)[\(index)]"
        }
    }

    /// The first duplicated key: its dotted path and the lines of its first and second appearance.
    struct Duplicate: Equatable {
        let key: String
        let firstLine: Int
        let secondLine: Int
    }

    static func firstDuplicate(in bytes: [UInt8]) -> Duplicate? {
        var stack: [Frame] = []
        var line = 1
        var position = 0
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let path = stack.last?.childPath ?? ""
                stack.append(Frame(path: path, isObject: byte == UInt8(ascii: "{")))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = stack.popLast()
            case UInt8(ascii: ","):
                if let top = stack.indices.last {
                    if stack[top].isObject { stack[top].expectingKey = true } else { stack[top].index += 1 }
                }
            case UInt8(ascii: "\""):
                let (text, end) = string(in: bytes, openingQuote: position)
                position = end
                guard let top = stack.indices.last, stack[top].isObject, stack[top].expectingKey else { break }
                stack[top].expectingKey = false
                stack[top].lastKey = text
                let key = stack[top].path.isEmpty ? text : "\(stack[top].path).\(text)"
                if let first = stack[top].keys[text] {
                    return Duplicate(key: key, firstLine: first, secondLine: line)
                }
                stack[top].keys[text] = line
            default:
                break
            }
            position += 1
        }
        return nil
    }

    /// The decoded text of the string whose opening quote is at `openingQuote`, and the index of its
    /// closing quote (or the end of the bytes).
    private static func string(in bytes: [UInt8], openingQuote: Int) -> (String, Int) {
        var units: [UInt16] = []
        var raw: [UInt8] = []
        var position = openingQuote + 1
        func flushRaw() {
            units.append(contentsOf: String(decoding: raw, as: UTF8.self).utf16)
            raw.removeAll()
        }
        while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
            guard bytes[position] == UInt8(ascii: "\\"), position + 1 < bytes.count else {
                raw.append(bytes[position])
                position += 1
                continue
            }
            flushRaw()
            let escaped = bytes[position + 1]
            position += 2
            switch escaped {
            case UInt8(ascii: "b"): units.append(0x08)
            case UInt8(ascii: "f"): units.append(0x0C)
            case UInt8(ascii: "n"): units.append(0x0A)
            case UInt8(ascii: "r"): units.append(0x0D)
            case UInt8(ascii: "t"): units.append(0x09)
            case UInt8(ascii: "u"):
                let digits = bytes[position..<min(position + 4, bytes.count)]
                if digits.count == 4, let unit = UInt16(String(decoding: digits, as: UTF8.self), radix: 16) {
                    units.append(unit)
                    position += 4
                }
            default: units.append(UInt16(escaped))
            }
        }
        flushRaw()
        // Surrogate pairs written as two \u escapes join here; a lone surrogate becomes U+FFFD, as in the decoder.
        return (String(decoding: units, as: UTF16.self), position)
    }
}
