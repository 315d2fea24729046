import Foundation
import JSONSupport
import Testing

@testable import WeComCloudSim

/// The directory routes of the admin HTTP API, and the push each change sends.
@Suite("Directory admin HTTP API", .timeLimit(.minutes(5)))
struct DirectoryAdminHTTPTests {
    @Test func membersVisitorsAndTemplatesChangeThroughTheAdminAPI() async throws {
        try await withSimulator { simulator, port, _ in
            let admin = AdminClient(port: port)
            try await withDevice(port: port) { device in
                try await device.logIn(DeviceFixture(), simulator: simulator, now: testEpoch)
                let start = try #require(
                    try await admin.call("GET", "/admin/directory").json["perm_version"]?.strictIntValue)

                let updated = try await admin.call(
                    "POST", "/admin/members/update",
                    json: ["userid": "lisi", "name": "Li Si 2", "pass_rule_list": [["id": 1, "rule": "always"]]])
                #expect(updated.status == 200)
                #expect(try await device.nextPush()["body"]?["update_user"] == [["userid": "lisi", "user_type": 0]])
                #expect(await simulator.members().first?.passRules == [CloudPassRule(id: 1, rule: "always")])

                let template = try await admin.call(
                    "POST", "/admin/templates",
                    json: ["userid": "lisi", "page_type": "fp", "slot": 2, "data": .string(templateBase64(count: 40))])
                #expect(template.status == 201)
                #expect(try await device.nextPush()["body"]?["update_user"] == [["userid": "lisi", "user_type": 0]])

                let renamed = try await admin.call(
                    "POST", "/admin/members/rename", json: ["userid": "lisi", "new_userid": "lisi-new"])
                #expect(renamed.status == 200)
                #expect(try await device.nextPush()["cmd"] == "push_change_userid")

                let deleted = try await admin.call("POST", "/admin/members/delete", json: ["userid": "lisi-new"])
                #expect(deleted.status == 200)
                #expect(
                    try await device.nextPush()["body"]?["delete_user"] == [["userid": "lisi-new", "user_type": 0]])

                let visitor = try await admin.call(
                    "POST", "/admin/visitors", json: ["userid": "g/1000006", "name": "G"])
                #expect(visitor.status == 201)
                #expect(try await device.nextPush()["cmd"] == "push_visitor_list_change")
                #expect(try await admin.call("GET", "/admin/visitors").json.arrayValue?.count == 1)
                let goneVisitor = try await admin.call("POST", "/admin/visitors/delete", json: ["userid": "g/1000006"])
                #expect(goneVisitor.status == 200)
                #expect(
                    try await device.nextPush()["body"]?["delete_visitor"] == [["userid": "g/1000006", "user_type": 1]])

                let status = try await admin.call("GET", "/admin/directory").json
                #expect(status["perm_version"]?.strictIntValue == start + 4)
                #expect(status["visitor_version"] == 3)
                #expect(status["members"] == 1)
                #expect(status["templates"] == 0)
            }
        }
    }

    @Test func aBulkLoadStoresMembersWithTemplatesInOneRequest() async throws {
        try await withEmptySimulator { simulator, port, _ in
            let members: JSONValue = .array(
                (0..<1500).map { index in
                    [
                        "userid": .string("u\(index)"), "name": .string("U \(index)"),
                        "templates": [
                            [
                                "page_type": "fp", "slot": 0, "algorithm": "zfm-module-char-v1",
                                "data": .string(templateBase64(count: 48)),
                            ],
                            ["page_type": "fa", "slot": 0, "data": .string(templateBase64(count: 96))],
                        ],
                    ]
                })
            let loaded = try await AdminClient(port: port).call(
                "POST", "/admin/directory/load", json: ["members": members])
            #expect(loaded.status == 200)
            #expect(loaded.json["perm_version"] == 3, "1500 members are two changes of at most 1000")
            let status = await simulator.directoryStatus()
            #expect(status.members == 1500 && status.templates == 3000)
        }
    }

    @Test func badDirectoryRequestsAre400NamingTheField() async throws {
        try await withSimulator { _, port, _ in
            let admin = AdminClient(port: port)
            let cases: [(String, JSONValue, Int, String)] = [
                ("/admin/members/update", ["userid": "lisi", "user_type": 7], 400, "user_type"),
                ("/admin/members/update", ["userid": "ghost", "name": "x"], 404, ""),
                ("/admin/members/rename", ["userid": "lisi"], 400, "new_userid"),
                ("/admin/members/rename", ["userid": "lisi", "new_userid": "zhangsan"], 409, ""),
                ("/admin/visitors", ["userid": "no-agent", "name": "x"], 400, "userid"),
                ("/admin/templates", ["userid": "lisi", "page_type": "fp", "slot": 10, "data": "AAAA"], 400, "slot"),
                (
                    "/admin/templates", ["userid": "lisi", "page_type": "iris", "slot": 0, "data": "AAAA"], 400,
                    "page_type"
                ),
                ("/admin/templates", ["userid": "lisi", "page_type": "fa", "slot": 0, "data": "%%"], 400, "data"),
                (
                    "/admin/members", ["userid": "x", "name": "x", "pass_rule_list": [["rule": "r"]]], 400,
                    "pass_rule_list[0].id"
                ),
                (
                    "/admin/directory/load",
                    ["members": [["userid": "a", "name": "A", "templates": [["page_type": "fp", "data": "AAAA"]]]]],
                    400, "members[0].templates[0].slot"
                ),
            ]
            for (path, body, status, field) in cases {
                let answer = try await admin.call("POST", path, json: body)
                #expect(answer.status == status, "\(path) \(body)")
                if !field.isEmpty { #expect(answer.json["field"] == .string(field), "\(path) \(answer.json)") }
            }
        }
    }
}
