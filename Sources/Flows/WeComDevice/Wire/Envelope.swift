import JSONSupport

/// Device → cloud request: `{cmd, headers{req_id}, body?}`.
public struct RequestEnvelope: Sendable, Hashable {
    public var cmd: String
    public var reqID: String
    public var body: JSONObject?

    public init(cmd: String, reqID: String, body: JSONObject? = nil) {
        self.cmd = cmd
        self.reqID = reqID
        self.body = body
    }

    /// The JSON text frame; `body` is omitted when nil.
    public func encoded() -> String {
        var object: JSONObject = ["cmd": .string(cmd), "headers": ["req_id": .string(reqID)]]
        if let body { object["body"] = .object(body) }
        return JSONValue.object(object).jsonText()
    }

    /// Parses a request frame (the cloud side's view; used by simulators and tests).
    public static func decode(_ text: String) throws(FrameError) -> RequestEnvelope {
        let reader = try Envelope.topLevelObject(text)
        let cmd = try reader.string("cmd")
        let reqID = try Envelope.reqID(reader, required: true) ?? ""
        return RequestEnvelope(cmd: cmd, reqID: reqID, body: try reader.optionalObject("body"))
    }
}

/// Cloud → device response: `{headers{req_id}, errcode, errmsg, body?}`; it never has `cmd`.
public struct ResponseEnvelope: Sendable, Hashable {
    public var reqID: String
    public var errcode: Int
    public var errmsg: String
    public var body: JSONObject?

    public init(reqID: String, errcode: Int = 0, errmsg: String = "ok", body: JSONObject? = nil) {
        self.reqID = reqID
        self.errcode = errcode
        self.errmsg = errmsg
        self.body = body
    }

    public var isSuccess: Bool { errcode == 0 }

    public func encoded() -> String {
        var object: JSONObject = [
            "headers": ["req_id": .string(reqID)], "errcode": .integer(Int64(errcode)), "errmsg": .string(errmsg),
        ]
        if let body { object["body"] = .object(body) }
        return JSONValue.object(object).jsonText()
    }
}

/// Cloud → device push: `{cmd: push_*, headers{req_id}, body?}`.
public struct PushEnvelope: Sendable, Hashable {
    public var cmd: String
    /// The pass-through id; tolerated as absent.
    public var reqID: String?
    public var body: JSONObject?

    public init(cmd: String, reqID: String?, body: JSONObject? = nil) {
        self.cmd = cmd
        self.reqID = reqID
        self.body = body
    }

    public func encoded() -> String {
        var object: JSONObject = ["cmd": .string(cmd)]
        if let reqID { object["headers"] = ["req_id": .string(reqID)] }
        if let body { object["body"] = .object(body) }
        return JSONValue.object(object).jsonText()
    }
}

/// A frame without `headers` but with `errcode`: the cloud rejects the connection's state
/// (not registered / not active / not logged in); the session restarts its state machine.
public struct ConnectionErrorFrame: Sendable, Hashable {
    public var errcode: Int
    public var errmsg: String

    public init(errcode: Int, errmsg: String) {
        self.errcode = errcode
        self.errmsg = errmsg
    }

    public func encoded() -> String {
        JSONValue.object(["errcode": .integer(Int64(errcode)), "errmsg": .string(errmsg)]).jsonText()
    }
}

/// An inbound text frame, classified.
public enum InboundFrame: Sendable, Hashable {
    case response(ResponseEnvelope)
    case push(PushEnvelope)
    case connectionError(ConnectionErrorFrame)

    /// Classifies a frame by its fields: `cmd` → push, `headers` → response, bare `errcode` → connection error.
    public static func decode(_ text: String) throws(FrameError) -> InboundFrame {
        let reader = try Envelope.topLevelObject(text)
        if reader.has("cmd") {
            let cmd = try reader.string("cmd")
            let reqID = try Envelope.reqID(reader, required: false)
            return .push(PushEnvelope(cmd: cmd, reqID: reqID, body: try reader.optionalObject("body")))
        }
        if reader.has("headers") {
            let reqID = try Envelope.reqID(reader, required: true) ?? ""
            let errcode = try Envelope.errcode(reader)
            let errmsg = try reader.optionalString("errmsg") ?? ""
            return .response(
                ResponseEnvelope(
                    reqID: reqID, errcode: errcode, errmsg: errmsg, body: try reader.optionalObject("body")))
        }
        if reader.has("errcode") {
            return .connectionError(
                ConnectionErrorFrame(
                    errcode: try Envelope.errcode(reader), errmsg: try reader.optionalString("errmsg") ?? ""))
        }
        throw .unclassifiable
    }
}

/// Shared envelope parsing steps.
enum Envelope {
    /// Parses a text frame within `WireBudget.json`.
    static func topLevelObject(_ text: String) throws(FrameError) -> FieldReader {
        let value: JSONValue
        do {
            value = try JSONValue.parse(text, limits: WireBudget.json)
        } catch {
            if case .overBudget(let budget, let limit, _) = error {
                throw .overBudget(budget: budget.rawValue, limit: limit)
            }
            throw .notJSON(String(error.description.prefix(200)))
        }
        guard case .object(let object) = value else { throw .notAnObject(found: value.kindName) }
        return FieldReader(object)
    }

    /// `errcode`: a JSON integer that fits an `Int`.
    static func errcode(_ reader: FieldReader) throws(FrameError) -> Int {
        let value = try reader.integer("errcode")
        guard let errcode = Int(exactly: value) else {
            throw .invalidValue(field: "errcode", reason: "expected an integer that fits an Int, got \(value)")
        }
        return errcode
    }

    static func reqID(_ reader: FieldReader, required: Bool) throws(FrameError) -> String? {
        guard let headers = try reader.optionalObject("headers") else {
            if required { throw .missingField("headers.req_id") }
            return nil
        }
        let headerReader = FieldReader(headers, path: "headers")
        guard let reqID = try headerReader.optionalString("req_id") else {
            if required { throw .missingField("headers.req_id") }
            return nil
        }
        if required && reqID.isEmpty {
            throw .invalidValue(field: "headers.req_id", reason: "expected a non-empty string")
        }
        return reqID
    }
}
