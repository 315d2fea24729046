import Biometrics
import JSONSupport
import Testing
import WeComDevice

/// Lists longer than the protocol allows make the push or response invalid, naming the list and the limit.
@Suite struct ListBudgetTests {
    private func push(_ cmd: String, _ body: JSONObject) throws -> DevicePush {
        guard
            case .push(let envelope) = try InboundFrame.decode(PushEnvelope(cmd: cmd, reqID: "p", body: body).encoded())
        else { throw FrameError.unclassifiable }
        return DevicePush(envelope)
    }

    @Test func userFaceHasAtMostOnePhotoPerFaceSlot() throws {
        let photos = (0..<13).map { JSONValue.object(["id": .integer(Int64($0 % 12)), "media_id": "m"]) }
        #expect(
            try push("push_user_face", ["oper_id": "o", "userid": "u", "face_info": .array(photos)])
                == .invalid(
                    cmd: "push_user_face", reason: .tooManyEntries(field: "body.face_info", limit: 12, found: 13)))
        #expect(ProtocolLimits.photosPerUserFace == Modality.face.slotCount)
    }

    @Test func contactChangeListsHaveABudget() throws {
        let limit = ProtocolLimits.usersPerContactChangeList
        let users = JSONValue.array(Array(repeating: ["userid": "u"], count: limit + 1))
        #expect(
            try push("push_change_contact", ["perm_version": 1, "delete_user": users])
                == .invalid(
                    cmd: "push_change_contact",
                    reason: .tooManyEntries(field: "body.delete_user", limit: limit, found: limit + 1)))
        let atLimit = JSONValue.array(Array(repeating: ["userid": "u"], count: limit))
        guard
            case .changeContact(let change) = try push(
                "push_change_contact", ["perm_version": 1, "create_user": atLimit])
        else {
            Issue.record("a list at the limit was refused")
            return
        }
        #expect(change.created.count == limit)
    }

    @Test func pulledListsHaveTheProtocolsLimits() {
        let user: JSONValue = ["userid": "u"]
        let page = ResponseEnvelope(
            reqID: "r", body: ["perm_version": 1, "userinfo": .array(Array(repeating: user, count: 201))])
        #expect(
            throws: WeComError.invalidResponse(
                cmd: "get_userinfo_by_page", .tooManyEntries(field: "body.userinfo", limit: 200, found: 201))
        ) { try GetUserInfoByPage(offset: 0).decodeResponse(page) }
        let ids = ResponseEnvelope(reqID: "r", body: ["userinfo": .array(Array(repeating: user, count: 201))])
        #expect(throws: WeComError.self) {
            try GetUserInfoByIDs(users: [UserRef(userid: try UserID("u"))]).decodeResponse(ids)
        }
        let slots = (0..<11).map { JSONValue.object(["id": .integer(Int64($0 % 10)), "data": "AA=="]) }
        let fingerprints = ResponseEnvelope(
            reqID: "r", body: ["perm_version": 1, "userinfo": [["userid": "u", "fp": .array(slots)]]])
        #expect(
            throws: WeComError.invalidResponse(
                cmd: "get_userinfo_by_page", .tooManyEntries(field: "body.userinfo[0].fp", limit: 10, found: 11))
        ) { try GetUserInfoByPage(offset: 0).decodeResponse(fingerprints) }
        let failList = ResponseEnvelope(reqID: "r", body: ["fail_list": .array(Array(repeating: "u", count: 201))])
        #expect(
            throws: WeComError.invalidResponse(
                cmd: "upload_userinfo", .tooManyEntries(field: "body.fail_list", limit: 200, found: 201))
        ) {
            try UploadUserInfo(users: [.failure(userid: try UserID("u"))]).decodeResponse(failList)
        }
        let legal = ResponseEnvelope(reqID: "r", body: ["legal_userid": .array(Array(repeating: "u", count: 201))])
        #expect(throws: WeComError.self) {
            try CheckUserID(users: [UserRef(userid: try UserID("u"))]).decodeResponse(legal)
        }
    }
}
