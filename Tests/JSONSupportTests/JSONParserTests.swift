import Foundation
import JSONSupport
import Testing

/// The grammar of RFC 8259 as the parser reads it: what it accepts, what it makes of it, and the error
/// (with its byte offset) for what it refuses.
@Suite("JSON parser")
struct JSONParserTests {
    private func syntaxOffset(_ text: String) -> Int? {
        do {
            _ = try JSONValue.parse(text)
            return nil
        } catch {
            guard case .syntax(let offset, _, _) = error else { return -1 }
            return offset
        }
    }

    @Test func scalarsArraysAndObjects() throws {
        #expect(try JSONValue.parse(" null ") == .null)
        #expect(try JSONValue.parse("true") == .bool(true))
        #expect(try JSONValue.parse("false") == .bool(false))
        #expect(try JSONValue.parse(#""x""#) == .string("x"))
        #expect(try JSONValue.parse("[]") == .array([]))
        #expect(try JSONValue.parse("{}") == .object([:]))
        #expect(try JSONValue.parse("\t[ 1 ,\n\"a\" , {\"k\" : [ ] } ]\r\n") == [1, "a", ["k": []]])
    }

    @Test func integersStayIntegersAndOtherNumbersAreDoubles() throws {
        #expect(try JSONValue.parse("0") == .integer(0))
        #expect(try JSONValue.parse("-0") == .integer(0))
        #expect(try JSONValue.parse("9223372036854775807") == .integer(.max))
        #expect(try JSONValue.parse("-9223372036854775808") == .integer(.min))
        // One past Int64 is still a number, as a Double.
        #expect(try JSONValue.parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try JSONValue.parse("1.5") == .double(1.5))
        #expect(try JSONValue.parse("1e2") == .double(100))
        #expect(try JSONValue.parse("-0.0") == .double(-0.0))
        #expect(try JSONValue.parse("1E-400") == .double(0))
        #expect(try JSONValue.parse("1e300") == .double(1e300))
    }

    @Test func numbersBeyondADoubleAreRefused() {
        #expect(throws: JSONParseError.numberOutOfRange("1e400", offset: 1)) { try JSONValue.parse("[1e400]") }
        #expect(throws: JSONParseError.numberOutOfRange("-1E+999", offset: 0)) { try JSONValue.parse("-1E+999") }
    }

    @Test func malformedNumbers() {
        #expect(syntaxOffset("01") == 1)
        #expect(syntaxOffset("-") == 1)
        #expect(syntaxOffset("1.") == 2)
        #expect(syntaxOffset("1e") == 2)
        #expect(syntaxOffset("+1") == 0)
        #expect(syntaxOffset(".5") == 0)
        #expect(syntaxOffset("NaN") == 0)
        #expect(syntaxOffset("Infinity") == 0)
        #expect(syntaxOffset("0x10") == 1)
    }

    @Test func stringEscapesAndUnicode() throws {
        #expect(try JSONValue.parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{8}\u{c}\n\r\t"))
        #expect(try JSONValue.parse(#""\u00e9\u4E2D""#) == .string("é中"))
        #expect(try JSONValue.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONValue.parse("\"é中😀\"") == .string("é中😀"))
        #expect(try JSONValue.parse(#""\u0000""#) == .string("\u{0}"))
    }

    @Test func brokenStringsAreRefused() {
        // A broken escape is reported at its backslash, bytes that are not UTF-8 at the string's quote.
        #expect(throws: JSONParseError.invalidUnicode(offset: 1)) { try JSONValue.parse(#""\ud83d""#) }
        #expect(throws: JSONParseError.invalidUnicode(offset: 2)) { try JSONValue.parse(#"["\ude00"]"#) }
        #expect(throws: JSONParseError.invalidUnicode(offset: 2)) { try JSONValue.parse(#""x\ud83d\u0041""#) }
        #expect(throws: JSONParseError.invalidUnicode(offset: 0)) { try JSONValue.parse(Data([0x22, 0xFF, 0x22])) }
        #expect(throws: JSONParseError.invalidUnicode(offset: 0)) {
            try JSONValue.parse(Data([0x22, 0x5C, 0x6E, 0xC3, 0x22]))
        }
        #expect(syntaxOffset("\"a\nb\"") == 2)
        #expect(syntaxOffset(#""\x""#) == 2)
        #expect(syntaxOffset(#""\u12G4""#) == 5)
        #expect(syntaxOffset(#""abc"#) == 4)
    }

    @Test func structureErrorsNameTheirOffset() {
        #expect(syntaxOffset("") == 0)
        #expect(syntaxOffset("   ") == 3)
        #expect(syntaxOffset("[1,]") == 3)
        #expect(syntaxOffset("[1 2]") == 3)
        #expect(syntaxOffset("{\"a\" 1}") == 5)
        #expect(syntaxOffset("{\"a\":1,}") == 7)
        #expect(syntaxOffset("{a:1}") == 1)
        #expect(syntaxOffset("{} {}") == 3)
        #expect(syntaxOffset("tru") == 0)
        #expect(syntaxOffset("nul") == 0)
        #expect(syntaxOffset("\u{FEFF}{}") == 0)
        let error = JSONParseError.syntax(offset: 3, expected: "a value", found: "']'")
        #expect(error.description == "JSON: expected a value at byte 3, found ']'")
    }

    @Test func aRepeatedMemberIsRefused() {
        #expect(throws: JSONParseError.duplicateKey("a", firstOffset: 1, offset: 8)) {
            try JSONValue.parse(#"{"a":1, "a":2}"#)
        }
        #expect(throws: Never.self) { try JSONValue.parse(#"{"a":{"a":1}}"#) }
    }

    @Test func textAndBytesParseAlike() throws {
        let text = #"{"cmd":"push_enter_page","body":{"n":[1,2.5,"x",null,true]}}"#
        #expect(try JSONValue.parse(text) == JSONValue.parse(Data(text.utf8)))
        let slice = Data("xx[1]".utf8).dropFirst(2)
        #expect(try JSONValue.parse(slice) == [1])
    }

    @Test func roundTripsThroughItsOwnText() throws {
        let value: JSONValue = ["a": [1, .double(2.5), "é\"\\\n", .null, true], "b": ["c": .integer(.min)]]
        #expect(try JSONValue.parse(value.jsonText()) == value)
    }
}
