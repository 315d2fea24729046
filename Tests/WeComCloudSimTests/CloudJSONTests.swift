import Testing

@testable import WeComCloudSim

@Suite("CloudJSON")
struct CloudJSONTests {
    @Test func keepsNumbersBooleansAndStringsApart() throws {
        let value = try CloudJSON.parse(#"{"i":1,"z":0,"b":true,"d":1.5,"s":"7","n":null,"a":[1,"x"]}"#)
        #expect(value["i"] == .int(1))
        #expect(value["z"] == .int(0))
        #expect(value["b"] == .bool(true))
        #expect(value["d"] == .double(1.5))
        #expect(value["s"] == .string("7"))
        #expect(value["n"] == .null)
        #expect(value["a"] == .array([.int(1), .string("x")]))
    }

    @Test func lenientIntegersAcceptNumericStringsOnly() {
        #expect(CloudJSON.string("42").lenientIntValue == 42)
        #expect(CloudJSON.string("4x").lenientIntValue == nil)
        #expect(CloudJSON.string("-1").lenientIntValue == nil)
        #expect(CloudJSON.double(3.0).lenientIntValue == 3)
        #expect(CloudJSON.double(3.5).lenientIntValue == nil)
        #expect(CloudJSON.string("42").strictIntValue == nil)
    }

    @Test func serializesWithSortedKeys() {
        let value: CloudJSON = ["b": 1, "a": ["x/y"]]
        #expect(value.serialized() == #"{"a":["x/y"],"b":1}"#)
    }
}
