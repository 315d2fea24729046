import JSONSupport
import Testing
import WeComDevice

@Suite struct EnvelopeTests {
    @Test func requestRoundTripsWithAndWithoutBody() throws {
        let withBody = RequestEnvelope(cmd: "active", reqID: "r-1", body: ["active_code": "AC"])
        #expect(try RequestEnvelope.decode(withBody.encoded()) == withBody)

        let ping = RequestEnvelope(cmd: "ping", reqID: "r-2")
        let text = ping.encoded()
        #expect(!text.contains("body"))
        #expect(try RequestEnvelope.decode(text) == ping)
        #expect(try JSONValue.parse(text) == ["cmd": "ping", "headers": ["req_id": "r-2"]])
    }

    @Test func responseRoundTripsAndHasNoCmd() throws {
        let response = ResponseEnvelope(reqID: "r-9", errcode: 600045, errmsg: "subscribed", body: ["x": 1])
        let text = response.encoded()
        guard case .object(let object) = try JSONValue.parse(text) else {
            Issue.record("not an object")
            return
        }
        #expect(object["cmd"] == nil)
        #expect(try InboundFrame.decode(text) == .response(response))
    }

    @Test func pushRoundTrips() throws {
        let push = PushEnvelope(cmd: "push_enter_page", reqID: "p-1", body: ["page_type": "fp"])
        #expect(try InboundFrame.decode(push.encoded()) == .push(push))
        let bare = PushEnvelope(cmd: "push_unbind_corp", reqID: nil)
        #expect(try InboundFrame.decode(bare.encoded()) == .push(bare))
    }

    @Test func frameWithErrcodeButNoHeadersIsAConnectionError() throws {
        let frame = ConnectionErrorFrame(errcode: 600020, errmsg: "not login")
        #expect(try InboundFrame.decode(frame.encoded()) == .connectionError(frame))
    }

    @Test func responseWithoutErrmsgDefaultsToEmpty() throws {
        let frame = try InboundFrame.decode(#"{"headers":{"req_id":"a"},"errcode":0}"#)
        #expect(frame == .response(ResponseEnvelope(reqID: "a", errcode: 0, errmsg: "", body: nil)))
    }

    @Test(arguments: [
        (
            #"{"headers":{"req_id":"a"},"errcode":"0"}"#,
            FrameError.wrongType(field: "errcode", expected: "integer", found: "string")
        ),
        (#"{"headers":{},"errcode":0}"#, .missingField("headers.req_id")),
        (
            #"{"headers":{"req_id":""},"errcode":0}"#,
            .invalidValue(field: "headers.req_id", reason: "expected a non-empty string")
        ),
        (
            #"{"headers":{"req_id":7},"errcode":0}"#,
            .wrongType(field: "headers.req_id", expected: "string", found: "number")
        ),
        (#"{"headers":"r-1","errcode":0}"#, .wrongType(field: "headers", expected: "object", found: "string")),
        (#"{"headers":{"req_id":"a"}}"#, .missingField("errcode")),
        (
            #"{"headers":{"req_id":"a"},"errcode":0,"errmsg":5}"#,
            .wrongType(field: "errmsg", expected: "string", found: "number")
        ),
        (
            #"{"headers":{"req_id":"a"},"errcode":0,"body":[1]}"#,
            .wrongType(field: "body", expected: "object", found: "array")
        ),
        (#"{"cmd":5,"headers":{"req_id":"a"}}"#, .wrongType(field: "cmd", expected: "string", found: "number")),
        (#"{"cmd":"push_x","body":"text"}"#, .wrongType(field: "body", expected: "object", found: "string")),
        (#"{"errcode":true}"#, .wrongType(field: "errcode", expected: "integer", found: "boolean")),
        (#"{"foo":1}"#, .unclassifiable),
        ("[1,2]", .notAnObject(found: "array")),
        ("\"text\"", .notAnObject(found: "string")),
    ])
    func malformedFramesGetASpecificError(text: String, expected: FrameError) {
        #expect(throws: expected) { try InboundFrame.decode(text) }
    }

    @Test func nonJSONIsRejected() {
        for text in ["not json", "", "{\"cmd\":", "{'a':1}"] {
            let error = #expect(throws: FrameError.self) { try InboundFrame.decode(text) }
            guard case .notJSON? = error else {
                Issue.record("\(text): expected notJSON, got \(String(describing: error))")
                continue
            }
        }
    }

    @Test func errorDescriptionsNameTheField() {
        let error = FrameError.wrongType(field: "headers.req_id", expected: "string", found: "number")
        #expect(error.description == "headers.req_id: expected string, got number")
        #expect(FrameError.missingField("errcode").description.hasPrefix("errcode:"))
    }

    @Test func requestDecodeRequiresReqID() {
        #expect(throws: FrameError.missingField("headers.req_id")) {
            try RequestEnvelope.decode(#"{"cmd":"ping"}"#)
        }
    }

    @Test func integersStayIntegers() throws {
        let value = try JSONValue.parse(#"{"a":1,"b":1.5,"c":true,"d":null,"e":"1","f":9007199254740993}"#)
        #expect(
            value == ["a": 1, "b": .double(1.5), "c": true, "d": .null, "e": "1", "f": .integer(9_007_199_254_740_993)])
    }
}
