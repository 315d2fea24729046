import Biometrics
import JSONSupport
import Testing
import WeComDevice

@Suite struct PushDecodingTests {
    private func decode(_ cmd: String, _ body: JSONObject?) throws -> DevicePush {
        let frame = try InboundFrame.decode(PushEnvelope(cmd: cmd, reqID: "p-1", body: body).encoded())
        guard case .push(let envelope) = frame else {
            Issue.record("not classified as a push: \(frame)")
            return .unknown(cmd: "")
        }
        return DevicePush(envelope)
    }

    /// The field named by an `.invalid` push's reason, or nil when the push is valid.
    private func invalidField(_ push: DevicePush) -> String? {
        guard case .invalid(_, let reason) = push else { return nil }
        switch reason {
        case .missingField(let field), .wrongType(let field, _, _), .invalidValue(let field, _): return field
        default: return "?"
        }
    }

    private let enterBody: JSONObject = ["page_type": "fp", "oper_id": "op-1", "userid": "zhangsan", "user_type": 0]

    @Test func enterAndExitPageDecode() throws {
        let expected = EnrollmentCommand(
            modality: .fingerprint, operID: "op-1", userid: try UserID("zhangsan"), userType: .employee)
        #expect(try decode("push_enter_page", enterBody) == .enterPage(expected))
        var face = enterBody
        face["page_type"] = "fa"
        face["user_type"] = 1
        face["userid"] = "visitor/1000006"
        #expect(
            try decode("push_exit_page", face)
                == .exitPage(
                    EnrollmentCommand(
                        modality: .face, operID: "op-1", userid: try UserID("visitor/1000006"), userType: .visitor)))
    }

    @Test func userTypeDefaultsToEmployeeAndMayBeAString() throws {
        var body = enterBody
        body["user_type"] = nil
        guard case .enterPage(let command) = try decode("push_enter_page", body) else {
            Issue.record("not decoded")
            return
        }
        #expect(command.userType == .employee)
        body["user_type"] = "2"
        guard case .enterPage(let student) = try decode("push_enter_page", body) else {
            Issue.record("not decoded")
            return
        }
        #expect(student.userType == .student)
    }

    @Test(arguments: [
        ("page_type", JSONValue.string("xx"), "body.page_type"),
        ("page_type", .integer(1), "body.page_type"),
        ("user_type", .integer(3), "body.user_type"),
        ("user_type", .integer(-1), "body.user_type"),
        ("userid", .string(""), "body.userid"),
        ("userid", .string(String(repeating: "u", count: 129)), "body.userid"),
        ("oper_id", .string(""), "body.oper_id"),
        ("oper_id", .null, "body.oper_id"),
        ("oper_id", .integer(5), "body.oper_id"),
    ])
    func invalidEnrollmentPushesAreReportedWithTheField(field: String, value: JSONValue, expectedField: String) throws {
        var body = enterBody
        body[field] = value
        let push = try decode("push_enter_page", body)
        #expect(invalidField(push) == expectedField)
        guard case .invalid(let cmd, _) = push else { return }
        #expect(cmd == "push_enter_page")
    }

    @Test func userid128BytesIsAccepted() throws {
        var body = enterBody
        body["userid"] = .string(String(repeating: "é", count: 64))  // 128 bytes of UTF-8
        #expect(invalidField(try decode("push_enter_page", body)) == nil)
        body["userid"] = .string(String(repeating: "é", count: 64) + "a")
        #expect(invalidField(try decode("push_enter_page", body)) == "body.userid")
    }

    @Test func enterPageWithoutBodyIsInvalid() throws {
        #expect(invalidField(try decode("push_enter_page", nil)) == "body.page_type")
    }

    @Test func bindUnbindAndUnknown() throws {
        #expect(try decode("push_bind_corp", nil) == .bindCorp)
        #expect(try decode("push_unbind_corp", nil) == .unbindCorp)
        #expect(try decode("push_made_up", ["x": 1]) == .unknown(cmd: "push_made_up"))
    }

    @Test func changeContactDecodes() throws {
        let push = try decode(
            "push_change_contact",
            [
                "timestamp": 1_700_000_000, "perm_version": 8,
                "create_user": [["userid": "a", "user_type": 0]], "update_user": [["userid": "b"]],
                "delete_user": [["userid": "c", "user_type": 2]],
            ])
        let expected = ContactChange(
            timestamp: 1_700_000_000, permVersion: 8, created: [UserRef(userid: try UserID("a"))],
            updated: [UserRef(userid: try UserID("b"))], deleted: [UserRef(userid: try UserID("c"), userType: .student)]
        )
        #expect(push == .changeContact(expected))
        #expect(invalidField(try decode("push_change_contact", ["create_user": []])) == "body.perm_version")
        #expect(
            invalidField(try decode("push_change_contact", ["perm_version": 1, "update_user": ["b"]]))
                == "body.update_user[0]")
    }

    @Test func changeUserIDDecodes() throws {
        let push = try decode(
            "push_change_userid",
            [
                "old_userid": "zhangsan", "new_userid": "zhangsan2", "perm_version": 9, "user_type": 2,
                "extra": "ignored",
            ])
        #expect(
            push
                == .changeUserID(
                    UserIDChange(
                        oldUserID: try UserID("zhangsan"), newUserID: try UserID("zhangsan2"), permVersion: 9,
                        userType: .student)))
        #expect(
            invalidField(try decode("push_change_userid", ["old_userid": "a", "perm_version": 1])) == "body.new_userid")
        #expect(
            invalidField(try decode("push_change_userid", ["old_userid": "", "new_userid": "b", "perm_version": 1]))
                == "body.old_userid")
        #expect(
            invalidField(
                try decode(
                    "push_change_userid", ["old_userid": "a", "new_userid": "b", "perm_version": 1, "user_type": 3]))
                == "body.user_type")
        #expect(
            invalidField(try decode("push_change_userid", ["old_userid": "a", "new_userid": "b"]))
                == "body.perm_version")
    }

    @Test func visitorListChangeDecodesTheUserIdSlashAgentidForm() throws {
        let push = try decode(
            "push_visitor_list_change",
            [
                "visitor_version": 4, "create_visitor": [["userid": "x1/1000006", "user_type": 1]],
                "delete_visitor": [["userid": "UserIdA/10001"]],
            ])
        #expect(
            push
                == .changeVisitors(
                    VisitorListChange(
                        visitorVersion: 4, created: [try UserID("x1/1000006")], updated: [],
                        deleted: [try UserID("UserIdA/10001")])))
        for bad in ["x1", "x1/", "/10001", "x1/10a01"] {
            #expect(
                invalidField(
                    try decode(
                        "push_visitor_list_change",
                        ["visitor_version": 1, "update_visitor": [["userid": .string(bad)]]]))
                    == "body.update_visitor[0].userid", "\(bad)")
        }
        #expect(invalidField(try decode("push_visitor_list_change", ["create_visitor": []])) == "body.visitor_version")
    }

    /// Change pushes carry userids of 1-64 bytes (DOC 93995, 93997); enrollment pushes allow 128.
    @Test func changePushUseridsAreAtMost64Bytes() throws {
        let limit = String(repeating: "é", count: 32)  // 64 bytes of UTF-8
        let over = limit + "a"
        #expect(
            invalidField(
                try decode("push_change_contact", ["perm_version": 1, "create_user": [["userid": .string(limit)]]]))
                == nil)
        #expect(
            invalidField(
                try decode("push_change_contact", ["perm_version": 1, "delete_user": [["userid": .string(over)]]]))
                == "body.delete_user[0].userid")
        #expect(
            invalidField(
                try decode("push_change_userid", ["old_userid": "a", "new_userid": .string(over), "perm_version": 1]))
                == "body.new_userid")
        var enter = enterBody
        enter["userid"] = .string(over)
        #expect(invalidField(try decode("push_enter_page", enter)) == nil, "an enrollment push allows 128 bytes")
    }

    @Test func openSelfInputAndUserFaceDecode() throws {
        #expect(
            try decode("push_open_self_input", ["open_self_input_fp": true, "open_self_input_fa": false])
                == .openSelfInput(SelfInputSwitches(fingerprint: true, face: false)))
        let face = try decode(
            "push_user_face",
            [
                "oper_id": "o", "userid": "u", "user_type": 0,
                "face_info": [["id": 3, "media_id": "m", "media_type": "image/jpeg", "photo_size": 1024]],
            ])
        guard case .userFace(let command) = face else {
            Issue.record("not decoded: \(face)")
            return
        }
        #expect(command.photos == [UserFacePhoto(id: 3, mediaID: "m", mediaType: "image/jpeg", photoSize: 1024)])
        #expect(
            invalidField(
                try decode(
                    "push_user_face", ["oper_id": "o", "userid": "u", "face_info": [["id": 12, "media_id": "m"]]]))
                == "body.face_info[0].id")
    }
}
