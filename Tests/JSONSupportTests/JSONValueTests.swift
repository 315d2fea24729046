import JSONSupport
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    @Test func keepsNumbersBooleansAndStringsApart() throws {
        let value = try JSONValue.parse(#"{"i":1,"z":0,"b":true,"d":1.5,"s":"7","n":null,"a":[1,"x"]}"#)
        #expect(value["i"] == .integer(1))
        #expect(value["z"] == .integer(0))
        #expect(value["b"] == .bool(true))
        #expect(value["d"] == .double(1.5))
        #expect(value["s"] == .string("7"))
        #expect(value["n"] == .null)
        #expect(value["a"] == .array([.integer(1), .string("x")]))
    }

    @Test func lenientIntegersAcceptNumericStringsOnly() {
        #expect(JSONValue.string("42").lenientIntValue == 42)
        #expect(JSONValue.string("4x").lenientIntValue == nil)
        #expect(JSONValue.string("-1").lenientIntValue == nil)
        #expect(JSONValue.double(3.0).lenientIntValue == 3)
        #expect(JSONValue.double(3.5).lenientIntValue == nil)
        #expect(JSONValue.string("42").strictIntValue == nil)
    }

    @Test func serializesWithSortedKeys() {
        let value: JSONValue = ["b": 1, "a": ["x/y"]]
        #expect(value.jsonText() == #"{"a":["x/y"],"b":1}"#)
    }
}
