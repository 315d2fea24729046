import Biometrics
import Foundation
import JSONSupport
import Testing
import WeComDevice

/// What a pull's answer carries about each member: rules and key kept as given, unknown fields ignored,
/// ids the cloud does not know, and the budgets on each.
@Suite struct PulledUserDecodingTests {
    private let rules: JSONValue = [["id": 1, "rule": "weekdays 08:00-18:00", "effect_time": 1_700_000_000]]

    @Test("pass_rule_list and public_key are kept as given; fields this build does not know are ignored")
    func rulesKeyAndUnknownFields() throws {
        let user: JSONValue = [
            "userid": "lisi", "user_type": 2, "openvid": "ov-1", "fp_ver": 3, "fa_ver": 4, "a_future_field": ["x": 1],
            "public_key": "-----BEGIN PUBLIC KEY-----", "pass_rule_list": rules, "name": "李四",
            "fp_algorithm": "zfm-module-char-v1",
            "fp": [["id": 1, "data": .string(Data([1, 2]).base64EncodedString())]],
        ]
        let page = try GetUserInfoByPage(offset: 0).decodeResponse(
            ResponseEnvelope(reqID: "r", body: ["perm_version": 9, "is_last": true, "userinfo": [user]]))
        let decoded = try #require(page.users.first)
        #expect(decoded.userType == .student && decoded.name == "李四")
        #expect(decoded.publicKey == "-----BEGIN PUBLIC KEY-----")
        #expect(try JSONValue.parse(try #require(decoded.passRules)) == rules)
        #expect(decoded.fingerprints == [1: Data([1, 2])] && decoded.fingerprintAlgorithm == .zfmModule)
    }

    @Test("get_userinfo_by_ids: fail_list names the ids the cloud does not know")
    func failList() throws {
        let list = try GetUserInfoByIDs(users: [UserRef(userid: try UserID("gone"))]).decodeResponse(
            ResponseEnvelope(reqID: "r", body: ["perm_version": 3, "userinfo": [], "fail_list": ["gone"]]))
        #expect(list.unknown == ["gone"] && list.users.isEmpty)
        let visitors = try GetVisitorByIDs(visitors: [try UserID("g/1")]).decodeResponse(
            ResponseEnvelope(reqID: "r", body: ["visitor_version": 3, "fail_list": [["userid": "g/1"]]]))
        #expect(visitors.unknown == ["g/1"])
    }

    @Test(
        "more pass rules than the budget, a key over its size, or a user_type outside 0-2 is refused naming the field")
    func budgets() throws {
        let many = JSONValue.array(Array(repeating: ["id": 1], count: ProtocolLimits.passRulesPerMember + 1))
        func decode(_ user: JSONValue) throws -> UserInfoPage {
            try GetUserInfoByPage(offset: 0).decodeResponse(
                ResponseEnvelope(reqID: "r", body: ["perm_version": 1, "userinfo": [user]]))
        }
        #expect(
            throws: WeComError.invalidResponse(
                cmd: "get_userinfo_by_page",
                .tooManyEntries(
                    field: "body.userinfo[0].pass_rule_list", limit: ProtocolLimits.passRulesPerMember,
                    found: ProtocolLimits.passRulesPerMember + 1))
        ) { try decode(["userid": "u", "pass_rule_list": many]) }
        let key = String(repeating: "k", count: ProtocolLimits.publicKeyBytes + 1)
        let error = #expect(throws: WeComError.self) { try decode(["userid": "u", "public_key": .string(key)]) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("public_key"))
        let badType = #expect(throws: WeComError.self) { try decode(["userid": "u", "user_type": 3]) }
        #expect("\(badType.map { "\($0)" } ?? "")".contains("user_type"))
    }
}
