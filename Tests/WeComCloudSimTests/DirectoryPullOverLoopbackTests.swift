import Foundation
import JSONSupport
import Testing

@testable import WeComCloudSim

/// `get_userinfo_by_page`, `get_userinfo_by_ids`, `get_visitor_by_ids` over a loopback WebSocket.
@Suite("Directory pulls over loopback", .timeLimit(.minutes(5)))
struct DirectoryPullOverLoopbackTests {
    private static func pageBody(_ offset: Int, limit: Int = 200) -> JSONValue {
        ["offset": .integer(Int64(offset)), "limit": .integer(Int64(limit))]
    }

    @Test func pagesOf200ServeEveryMemberOnceInStableOrderUntilIsLast() async throws {
        try await withSimulator { simulator, port, _ in
            try await simulator.loadDirectory(memberLoad(count: 450))
            let expected = await simulator.members().map(\.userid)
            let version = Int64(await simulator.currentPermVersion())
            try await withDevice(port: port) { device in
                try await device.logIn(DeviceFixture(), simulator: simulator, now: testEpoch)
                var pulled: [String] = []
                var lastFlags: [Bool] = []
                var offset = 0
                while true {
                    let page = try await device.request("get_userinfo_by_page", body: Self.pageBody(offset))
                    #expect(page["errcode"] == 0)
                    #expect(page.permVersion == version)
                    let users = page.pulledUserids
                    pulled += users
                    let isLast = try #require(page.isLast)
                    lastFlags.append(isLast)
                    if isLast { break }
                    #expect(users.count == 200)
                    offset += users.count
                }
                #expect(lastFlags == [false, false, true])
                #expect(pulled == expected)
                #expect(pulled.count == 452)
                let again = try await device.request("get_userinfo_by_page", body: Self.pageBody(200))
                #expect(again.pulledUserids == Array(expected[200..<400]))
                let past = try await device.request("get_userinfo_by_page", body: Self.pageBody(10_000))
                #expect(past.pulledUserids.isEmpty)
                #expect(past["body"]?["is_last"] == true)
            }
        }
    }

    @Test func membersComeWithTheirTemplatesPassRulesAndDeclaredAlgorithm() async throws {
        try await withSimulator { simulator, port, _ in
            try await simulator.loadDirectory(memberLoad(count: 3))
            let rules = [CloudPassRule(id: 7, rule: "weekdays 08:00-19:00", effectTime: 1_767_225_600)]
            try await simulator.updateMember(userid: "m00001", passRules: rules)
            try await withDevice(port: port) { device in
                try await device.logIn(DeviceFixture(), simulator: simulator, now: testEpoch)
                let page = try await device.request("get_userinfo_by_page", body: Self.pageBody(1, limit: 2))
                let user = try #require(page.pulledUser(1))
                #expect(user["userid"] == "m00001")
                #expect(user["user_type"] == 0)
                #expect(user["name"] == "Member 1")
                #expect(
                    user["pass_rule_list"] == [["id": 7, "rule": "weekdays 08:00-19:00", "effect_time": 1_767_225_600]])
                #expect(user["fp_algorithm"] == "zfm-module-char-v1")
                #expect(
                    user["fp"] == [["id": 0, "data": .string(templateBytes(count: 64, seed: 2).base64EncodedString())]])
                #expect(user["fa_algorithm"] == "default")
                #expect(user["fa_list"]?.arrayValue?.count == 1)
                #expect(user["public_key"] == nil)
                #expect(page["body"]?["is_last"] == false)
            }
        }
    }

    @Test func flagsLeaveOutTemplatesAndAskForThePublicKey() async throws {
        try await withSimulator { simulator, port, _ in
            try await simulator.loadDirectory(memberLoad(count: 1))
            try await withDevice(port: port) { device in
                try await device.logIn(DeviceFixture(), simulator: simulator, now: testEpoch)
                let page = try await device.request(
                    "get_userinfo_by_page",
                    body: ["offset": 1, "limit": 1, "is_req_fp_info": 0, "is_req_public_key": 1])
                let user = try #require(page["body"]?["userinfo"]?.arrayValue?.first)
                #expect(user["fp"] == nil)
                #expect(user["fp_algorithm"] == nil)
                #expect(user["fa_list"]?.arrayValue?.count == 1)
                #expect(user["public_key"] == "")
                let none = try await device.request(
                    "get_userinfo_by_ids", body: ["userids": ["m00000"], "is_req_fp_info": 0, "is_req_fa_info": 0])
                let bare = try #require(none["body"]?["userinfo"]?.arrayValue?.first)
                #expect(bare["fp"] == nil && bare["fa_list"] == nil && bare["fa_algorithm"] == nil)
                #expect(bare["name"] == "Member 0")
            }
        }
    }

    @Test func theBestDeclaredAlgorithmIsServedAndUndeclaredOnesAreNot() async throws {
        try await withSimulator { simulator, port, _ in
            for algorithm in ["other-v9", "default", "zfm-module-char-v1"] {
                try await simulator.putTemplate(
                    userid: "zhangsan",
                    CloudTemplateLoad(pageType: .fingerprint, slot: 3, algorithm: algorithm, data: Data(algorithm.utf8))
                )
            }
            try await simulator.putTemplate(
                userid: "lisi",
                CloudTemplateLoad(pageType: .fingerprint, slot: 1, algorithm: "other-v9", data: Data([1, 2])))
            try await withDevice(port: port) { device in
                try await device.logIn(DeviceFixture(), simulator: simulator, now: testEpoch)
                let answer = try await device.request("get_userinfo_by_ids", body: ["userids": ["zhangsan", "lisi"]])
                let users = try #require(answer["body"]?["userinfo"]?.arrayValue)
                #expect(answer.pulledUserids == ["zhangsan", "lisi"])
                #expect(users[0]["fp_algorithm"] == "zfm-module-char-v1")
                #expect(
                    users[0]["fp"] == [
                        ["id": 3, "data": .string(Data("zfm-module-char-v1".utf8).base64EncodedString())]
                    ])
                #expect(users[1]["fp"] == [])
                #expect(users[1]["fp_algorithm"] == nil)
            }
        }
    }

    @Test func aChangeMidPullCarriesTheNewVersionAndARestartSeesIt() async throws {
        try await withSimulator { simulator, port, _ in
            try await simulator.loadDirectory(memberLoad(count: 250))
            try await withDevice(port: port) { device in
                try await device.logIn(DeviceFixture(), simulator: simulator, now: testEpoch)
                let first = try await device.request("get_userinfo_by_page", body: Self.pageBody(0))
                let before = try #require(first.permVersion)
                try await simulator.addMember(userid: "a-new-member", name: "New")
                _ = try await device.nextPush()
                let second = try await device.request("get_userinfo_by_page", body: Self.pageBody(200))
                #expect(second.permVersion == before + 1)
                #expect(second["body"]?["is_last"] == true)
                let restart = try await device.request("get_userinfo_by_page", body: Self.pageBody(0))
                #expect(restart.permVersion == before + 1)
                #expect(restart.pulledUserids.first == "a-new-member")
            }
        }
    }

    @Test func byIDsServesBothFormsAndListsUnknownIDsInFailList() async throws {
        try await withSimulator { simulator, port, _ in
            try await simulator.addMember(userid: "wangwu", userType: 2, name: "Wang Wu")
            try await simulator.addVisitor(userid: "x1/1000006", name: "Visitor")
            try await withDevice(port: port) { device in
                try await device.logIn(DeviceFixture(), simulator: simulator, now: testEpoch)
                let new = try await device.request(
                    "get_userinfo_by_ids",
                    body: [
                        "user_item": [
                            ["userid": "zhangsan", "user_type": 0], ["userid": "wangwu", "user_type": 2],
                            ["userid": "lisi", "user_type": 2], ["userid": "ghost", "user_type": 0],
                            ["userid": "x1/1000006", "user_type": 1],
                        ]
                    ])
                #expect(new["errcode"] == 0)
                #expect(new.pulledUserids == ["zhangsan", "wangwu", "x1/1000006"])
                #expect(new["body"]?["fail_list"] == ["lisi", "ghost"])
                #expect(new.permVersion == Int64(await simulator.currentPermVersion()))
                let old = try await device.request(
                    "get_userinfo_by_ids", body: ["userids": ["ghost", "lisi", "x1/1000006"]])
                #expect(old.pulledUserids == ["lisi", "x1/1000006"])
                #expect(old["body"]?["fail_list"] == ["ghost"])
                #expect(old.pulledUser(1)?["user_type"] == 1)
                let full: JSONValue = .array((0..<200).map { _ in "lisi" })
                #expect(try await device.request("get_userinfo_by_ids", body: ["userids": full])["errcode"] == 0)
                let tooMany: JSONValue = .array((0...200).map { .string("u\($0)") })
                let refused = try await device.request("get_userinfo_by_ids", body: ["userids": tooMany])
                #expect(refused["errcode"] == code(CloudErrorCode.tooManyItems))
                #expect(refused["errmsg"]?.stringValue?.hasPrefix("body.userids:") == true)
            }
        }
    }

    @Test func visitorsAreServedByIDsWithTheirOwnVersion() async throws {
        try await withSimulator { simulator, port, _ in
            try await simulator.addVisitor(userid: "x1/1000006", name: "Guest")
            try await simulator.putTemplate(
                userid: "x1/1000006", CloudTemplateLoad(pageType: .face, slot: 2, data: templateBytes(count: 32)))
            let perm = await simulator.currentPermVersion()
            #expect(await simulator.currentVisitorVersion() == 3)
            try await withDevice(port: port) { device in
                try await device.logIn(DeviceFixture(), simulator: simulator, now: testEpoch)
                let answer = try await device.request(
                    "get_visitor_by_ids", body: ["userids": ["x1/1000006", "ghost/1000006"]])
                #expect(answer["errcode"] == 0)
                #expect(answer["body"]?["visitor_version"] == 3)
                #expect(answer.pulledUserids == ["x1/1000006"])
                #expect(answer.pulledUser(0)?["user_type"] == 1)
                #expect(answer.pulledUser(0)?["fa_list"]?.arrayValue?.count == 1)
                #expect(answer["body"]?["fail_list"] == ["ghost/1000006"])
                let badForm = try await device.request("get_visitor_by_ids", body: ["userids": ["x1"]])
                #expect(badForm["errcode"] == code(CloudErrorCode.invalidParameter))
                #expect(badForm["errmsg"]?.stringValue?.hasPrefix("body.userids[0]:") == true)
                let page = try await device.request("get_userinfo_by_page", body: Self.pageBody(0))
                #expect(page.pulledUserids == ["lisi", "zhangsan"], "visitors are not paged with the members")
            }
            #expect(await simulator.currentPermVersion() == perm, "visitor changes leave perm_version alone")
        }
    }

    @Test func theRuleCheckerRejectsBadPullsNamingTheField() async throws {
        try await withSimulator { simulator, port, _ in
            try await withDevice(port: port) { device in
                let early = try await device.request("get_userinfo_by_page", body: Self.pageBody(0))
                #expect(early["errcode"] == code(CloudErrorCode.notLoggedIn))
                try await device.logIn(DeviceFixture(), simulator: simulator, now: testEpoch)
                let cases: [(JSONValue?, Int, String)] = [
                    (["offset": 0, "limit": 201], CloudErrorCode.tooManyItems, "body.limit:"),
                    (["offset": 0, "limit": 0], CloudErrorCode.invalidParameter, "body.limit:"),
                    (["offset": -200, "limit": 200], CloudErrorCode.invalidParameter, "body.offset:"),
                    (
                        ["offset": 0, "limit": 10, "is_req_fa_info": 5], CloudErrorCode.invalidParameter,
                        "body.is_req_fa_info:"
                    ),
                    (nil, CloudErrorCode.invalidParameter, "body:"),
                ]
                for (body, errcode, field) in cases {
                    let answer = try await device.request("get_userinfo_by_page", body: body)
                    #expect(answer["errcode"] == code(errcode), "\(field)")
                    #expect(answer["errmsg"]?.stringValue?.hasPrefix(field) == true, "\(answer)")
                }
                let badType = try await device.request(
                    "get_userinfo_by_ids", body: ["user_item": [["userid": "lisi", "user_type": 9]]])
                #expect(badType["errmsg"]?.stringValue?.hasPrefix("body.user_item[0].user_type:") == true)
            }
        }
    }
}
