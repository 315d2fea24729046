import Foundation
import JSONSupport
import Testing

/// Hostile texts against each budget: each is refused with the budget's name, early, and the parser's
/// stack depth is bounded by `maxDepth` whatever the nesting.
@Suite("JSON budgets")
struct JSONBudgetTests {
    private let small = JSONLimits(maxBytes: 1_000, maxDepth: 4, maxValues: 20, maxStringBytes: 8)

    private func budget(_ text: String, _ limits: JSONLimits) -> JSONLimits.Budget? {
        do {
            _ = try JSONValue.parse(text, limits: limits)
            return nil
        } catch {
            return error.budget
        }
    }

    @Test func hundredThousandDeepNestingIsRefusedWithoutRecursingDeep() {
        let arrays = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.overBudget(.maxDepth, limit: 64, offset: 64)) {
            try JSONValue.parse(arrays)
        }
        let objects = String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        #expect(budget(objects, .default) == .maxDepth)
        // Unclosed nesting as deep as the whole byte budget.
        let unclosed = Data(repeating: UInt8(ascii: "["), count: JSONLimits.default.maxBytes)
        #expect(throws: JSONParseError.overBudget(.maxDepth, limit: 64, offset: 64)) { try JSONValue.parse(unclosed) }
    }

    @Test func depthCountsArraysAndObjectsAlike() {
        #expect(budget("[[[[1]]]]", small) == nil)
        #expect(budget("[[[[[1]]]]]", small) == .maxDepth)
        #expect(budget(#"{"a":{"b":[{"c":1}]}}"#, small) == nil)
        #expect(budget(#"{"a":{"b":[{"c":[1]}]}}"#, small) == .maxDepth)
    }

    @Test func oversizedTextIsRefusedBeforeParsing() {
        let text = "[" + String(repeating: " ", count: 999) + "]"
        #expect(throws: JSONParseError.overBudget(.maxBytes, limit: 1_000, offset: 1_000)) {
            try JSONValue.parse(text, limits: small)
        }
        #expect(budget(String(text.dropLast()) + "", small) != .maxBytes)
        #expect(throws: JSONParseError.overBudget(.maxBytes, limit: 1_000, offset: 1_000)) {
            try JSONValue.parse(Data(text.utf8), limits: small)
        }
    }

    @Test func hugeArraysAndObjectsRunOutOfValues() {
        #expect(budget("[" + Array(repeating: "0", count: 19).joined(separator: ",") + "]", small) == nil)
        #expect(budget("[" + Array(repeating: "0", count: 20).joined(separator: ",") + "]", small) == .maxValues)
        let members = (0..<20).map { "\"k\($0)\":0" }.joined(separator: ",")
        #expect(budget("{" + members + "}", small) == .maxValues)
        // A million-element array against the default budget (a million values, the array itself included).
        let million = "[" + String(repeating: "0,", count: 999_999) + "0]"
        #expect(throws: JSONParseError.overBudget(.maxValues, limit: 1_000_000, offset: million.utf8.count - 2)) {
            try JSONValue.parse(million)
        }
    }

    @Test func longStringsKeysAndNumbersRunOutOfStringBytes() {
        #expect(budget(#""12345678""#, small) == nil)
        #expect(budget(#""123456789""#, small) == .maxStringBytes)
        #expect(budget(#"{"123456789":1}"#, small) == .maxStringBytes)
        // Unescaped length counts: eight escaped characters fit, nine do not.
        #expect(budget(#""\n\n\n\n\n\n\n\n""#, small) == nil)
        #expect(budget(#""\n\n\n\n\n\n\n\n\n""#, small) == .maxStringBytes)
        #expect(budget("123456789", small) == .maxStringBytes)
        #expect(budget("1.234567", small) == nil)
    }

    @Test func theErrorNamesTheBudget() {
        let error = JSONParseError.overBudget(.maxDepth, limit: 16, offset: 16)
        #expect(error.description == "JSON: over the budget maxDepth = 16 at byte 16")
        #expect(JSONLimits.default.limit(of: .maxDepth) == 64)
    }
}
