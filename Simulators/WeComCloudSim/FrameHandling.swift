import Foundation
import JSONSupport

/// Connection bookkeeping and the request/response envelope of spec §3.2.
extension CloudSimulator {
    func openConnection(outbox: AsyncStream<OutgoingFrame>.Continuation) -> Int {
        let id = nextConnectionID
        nextConnectionID += 1
        connections[id] = ConnectionState(id: id, outbox: outbox)
        eventSink.yield(.connected(connection: id))
        return id
    }

    func closeConnection(_ id: Int) {
        guard let connection = connections.removeValue(forKey: id) else { return }
        connection.outbox.finish()
        if let sn = connection.sn, deviceTable[sn]?.connection == id { deviceTable[sn]?.connection = nil }
        eventSink.yield(.disconnected(connection: id, sn: connection.sn))
    }

    func closeAllConnections() {
        for connection in connections.values { connection.outbox.yield(.close(reason: "cloud simulator stopping")) }
    }

    /// Answers one text frame; returns the response frame (nil: none, by fault injection) and the
    /// injected delay before sending it.
    func handleFrame(_ text: String, connection id: Int) -> (response: OutgoingFrame?, delayMs: Int) {
        let connection = connections[id]
        if connection?.silent == true { return (nil, 0) }
        switch answer(text, connection: id) {
        case .none:
            return (nil, 0)
        case .reply(let reply):
            eventSink.yield(
                .responseSent(
                    connection: id, sn: connection?.sn, reqID: reply.reqID, errcode: reply.errcode, errmsg: reply.errmsg
                ))
            if reply.errcode != 0 {
                logger.debug("error response", metadata: ["errcode": "\(reply.errcode)", "errmsg": "\(reply.errmsg)"])
            }
            return (.text(reply.frame().jsonText()), faults.delayResponsesMs)
        case .photo(let reqID, let frame, let summary):
            eventSink.yield(
                .responseSent(connection: id, sn: connection?.sn, reqID: reqID, errcode: 0, errmsg: summary))
            return (.binary(frame), faults.delayResponsesMs)
        }
    }

    private func answer(_ text: String, connection id: Int) -> Answer {
        guard let frame = try? JSONValue.parse(text), case .object = frame else {
            return .reply(
                Reply(reqID: nil, errcode: CloudErrorCode.invalidParameter, errmsg: "frame is not a JSON object"))
        }
        let reqID = frame["headers"]?["req_id"]?.stringValue
        guard let cmd = frame["cmd"]?.stringValue, !cmd.isEmpty else {
            return .reply(
                Reply(
                    reqID: reqID, errcode: CloudErrorCode.invalidParameter, errmsg: "cmd: expected a non-empty string"))
        }
        eventSink.yield(.requestReceived(connection: id, sn: connections[id]?.sn, cmd: cmd, reqID: reqID))
        if cmd == "upload_userinfo" {
            guard let fault = faults.nextUploadConnection else {
                return .reply(handleUpload(body: frame["body"], reqID: reqID, connection: id))
            }
            faults.nextUploadConnection = nil
            if fault != .dropBeforeApplying { _ = handleUpload(body: frame["body"], reqID: reqID, connection: id) }
            if fault != .swallowAnswer {
                connections[id]?.outbox.yield(.close(reason: "dropped at upload_userinfo by fault injection"))
            }
            return .none
        }
        if cmd == "get_userinfo_by_page", let offset = faults.dropConnectionAtPageOffset,
            frame["body"]?["offset"]?.lenientIntValue == Int64(offset)
        {
            connections[id]?.outbox.yield(.close(reason: "dropped at get_userinfo_by_page by fault injection"))
            return .none
        }
        guard let reqID, !reqID.isEmpty else {
            return .reply(
                Reply(reqID: nil, errcode: CloudErrorCode.invalidRequestID, errmsg: "headers.req_id is missing"))
        }
        if connections[id]?.seenReqIDs.contains(reqID) == true {
            return .reply(
                Reply(
                    reqID: reqID, errcode: CloudErrorCode.invalidRequestID,
                    errmsg: "headers.req_id \"\(reqID)\" repeated; it must be unique"))
        }
        connections[id]?.seenReqIDs.insert(reqID)
        if cmd == CheckinRules.cmd, let fault = faults.nextCheckinConnection {
            return checkinConnectionFault(fault, body: RequestBody(value: frame["body"]), connection: id)
        }
        if cmd == Self.downloadPhotoCmd {
            return servePhoto(body: RequestBody(value: frame["body"]), reqID: reqID, connection: id)
        }
        do {
            let body = try runCommand(cmd, body: RequestBody(value: frame["body"]), connection: id)
            return .reply(Reply(reqID: reqID, body: body))
        } catch let failure as CommandFailure {
            return .reply(Reply(reqID: reqID, errcode: failure.errcode, errmsg: failure.errmsg))
        } catch let registered as RegisteredFailure {
            return .reply(
                Reply(
                    reqID: reqID, errcode: CloudErrorCode.alreadyRegistered, errmsg: "device already registered",
                    body: ["active_code": .string(registered.activeCode)]))
        } catch {
            return .reply(Reply(reqID: reqID, errcode: CloudErrorCode.invalidParameter, errmsg: "\(error)"))
        }
    }
}

/// What the cloud sends back for one request frame.
enum Answer: Sendable {
    case reply(Reply)
    /// No answer at all (fault injection).
    case none
    /// A binary `download_photo` frame, with a one-line summary for the event stream.
    case photo(reqID: String, frame: Data, summary: String)
}

/// A response frame: `{headers{req_id}, errcode, errmsg, body}` without `cmd`.
struct Reply: Sendable {
    var reqID: String?
    var errcode = 0
    var errmsg = "ok"
    var body: JSONValue?

    func frame() -> JSONValue {
        var object: [String: JSONValue] = ["errcode": .integer(Int64(errcode)), "errmsg": .string(errmsg)]
        if let reqID { object["headers"] = ["req_id": .string(reqID)] }
        if let body { object["body"] = body }
        return .object(object)
    }
}
