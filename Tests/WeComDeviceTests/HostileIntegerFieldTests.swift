import Biometrics
import JSONSupport
import Testing
import WeComDevice

/// Every lenient integer field the cloud sends, fed the extremes: each value either decodes to exactly the
/// integer it denotes (when that is within the field's range) or makes the push / response invalid with
/// an error naming the field. Nothing traps.
@Suite struct HostileIntegerFieldTests {
    static let values: [JSONValue] = [
        .integer(.min), .integer(.max), .integer(-1), .integer(0), .integer(2), .integer(11), .integer(12),
        .integer(4_294_967_295), .integer(4_294_967_296), .double(1e300), .double(-1e300), .double(-0.0),
        .double(3.0), .double(2.5), .double(-9_007_199_254_740_991),
        .string("NaN"), .string("-Infinity"), .string("1e300"), .string("0x10"), .string("+5"), .string("5 "),
        .string("-0"), .string("9223372036854775807"), .string("-9223372036854775808"),
        .string("9223372036854775808"), .string("-9223372036854775809"), .string(String(repeating: "9", count: 400)),
        .string(""), .string("٣"), .bool(true), .array([]),
    ]

    /// The integer a lenient field reads from `value`, or nil when it must be refused: a JSON integer, a
    /// float that is integral and below 2^53, or an optional `-` and ASCII digits (spaces trimmed) in 64 bits.
    private func denoted(_ value: JSONValue) -> Int64? {
        switch value {
        case .integer(let integer): return integer
        case .double(let double):
            guard double.rounded() == double, abs(double) < 9_007_199_254_740_992 else { return nil }
            return Int64(exactly: double)
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            let digits = trimmed.hasPrefix("-") ? trimmed.dropFirst() : Substring(trimmed)
            guard !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
            return Int64(trimmed)
        default: return nil
        }
    }

    private func push(_ cmd: String, _ body: JSONObject) throws -> DevicePush {
        guard
            case .push(let envelope) = try InboundFrame.decode(PushEnvelope(cmd: cmd, reqID: "p", body: body).encoded())
        else { throw FrameError.unclassifiable }
        return DevicePush(envelope)
    }

    /// `push` must be invalid naming `field`, or (when the value is in `range`) decode with it.
    private func check(
        _ push: DevicePush, value: JSONValue, range: ClosedRange<Int64>, field: String,
        decoded: (DevicePush) -> Int64?, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        if let expected = denoted(value), range.contains(expected) {
            #expect(decoded(push) == expected, "\(value)", sourceLocation: sourceLocation)
        } else {
            guard case .invalid(_, let reason) = push else {
                Issue.record("\(value) was accepted: \(push)", sourceLocation: sourceLocation)
                return
            }
            #expect(reason.description.hasPrefix(field + ":"), "\(value): \(reason)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: values) func contactChangePermVersionAndTimestamp(value: JSONValue) throws {
        check(
            try push("push_change_contact", ["perm_version": value]), value: value, range: 0...Int64.max,
            field: "body.perm_version"
        ) {
            if case .changeContact(let change) = $0 { change.permVersion } else { nil }
        }
        check(
            try push("push_change_contact", ["perm_version": 1, "timestamp": value]), value: value,
            range: 0...4_294_967_295, field: "body.timestamp"
        ) {
            if case .changeContact(let change) = $0 { change.timestamp } else { nil }
        }
    }

    @Test(arguments: values) func enrollmentUserType(value: JSONValue) throws {
        check(
            try push("push_enter_page", ["page_type": "fp", "oper_id": "o", "userid": "u", "user_type": value]),
            value: value, range: 0...2, field: "body.user_type"
        ) {
            if case .enterPage(let command) = $0 { Int64(command.userType.rawValue) } else { nil }
        }
    }

    @Test(arguments: values) func userFaceSlotAndPhotoSize(value: JSONValue) throws {
        let base: JSONObject = ["oper_id": "o", "userid": "u"]
        var body = base
        body["face_info"] = [["id": value, "media_id": "m"]]
        check(try push("push_user_face", body), value: value, range: 0...11, field: "body.face_info[0].id") {
            if case .userFace(let command) = $0 { command.photos.first.map { Int64($0.id) } } else { nil }
        }
        body["face_info"] = [["id": 0, "media_id": "m", "photo_size": value]]
        check(
            try push("push_user_face", body), value: value, range: 0...Int64.max, field: "body.face_info[0].photo_size"
        ) {
            if case .userFace(let command) = $0 { command.photos.first?.photoSize } else { nil }
        }
    }

    @Test(arguments: values) func pulledPermVersionAndSlotIDs(value: JSONValue) throws {
        func outcome(_ body: JSONObject, _ read: (UserInfoPage) -> Int64?) -> DevicePush {
            // Reuses `check` by mapping the response outcome onto a push-like result.
            do {
                let page = try GetUserInfoByPage(offset: 0).decodeResponse(ResponseEnvelope(reqID: "r", body: body))
                return .changeContact(
                    ContactChange(timestamp: nil, permVersion: read(page) ?? -1, created: [], updated: [], deleted: []))
            } catch WeComError.invalidResponse(_, let reason) {
                return .invalid(cmd: "get_userinfo_by_page", reason: reason)
            } catch {
                return .unknown(cmd: "\(error)")
            }
        }
        let permVersion: (DevicePush) -> Int64? = {
            if case .changeContact(let change) = $0 { change.permVersion } else { nil }
        }
        check(
            outcome(["perm_version": value, "is_last": true]) { $0.permVersion }, value: value, range: 0...Int64.max,
            field: "body.perm_version", decoded: permVersion)
        let user: JSONObject = ["userid": "u", "fp": [["id": value, "data": "AAEC"]]]
        check(
            outcome(["perm_version": 1, "userinfo": [.object(user)]]) { page in
                page.users.first?.fingerprints.keys.first.map(Int64.init)
            }, value: value, range: 0...9, field: "body.userinfo[0].fp[0].id", decoded: permVersion)
    }

    @Test(arguments: values) func responseErrcode(value: JSONValue) {
        let text = JSONValue.object(["headers": ["req_id": "r"], "errcode": value]).jsonText()
        do {
            guard case .response(let response) = try InboundFrame.decode(text) else {
                Issue.record("not a response")
                return
            }
            // errcode is a strict integer: a JSON number denoting an integer, never a string.
            guard case .string = value else {
                #expect(Int64(response.errcode) == denoted(value))
                return
            }
            Issue.record("a string errcode was accepted: \(value)")
        } catch {
            #expect(error.description.hasPrefix("errcode:"), "\(value): \(error)")
        }
    }
}
