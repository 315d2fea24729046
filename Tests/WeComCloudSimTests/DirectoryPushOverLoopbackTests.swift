import Foundation
import JSONSupport
import Testing

@testable import WeComCloudSim

/// Change pushes sent to every bound, logged-in device when the directory changes.
@Suite("Directory change pushes over loopback", .timeLimit(.minutes(5)))
struct DirectoryPushOverLoopbackTests {
    /// The next push of both devices, checked to be the same command and body.
    private static func bothReceive(_ first: TestDevice, _ second: TestDevice) async throws -> JSONValue {
        let one = try await first.nextPush()
        let two = try await second.nextPush()
        #expect(one["cmd"] == two["cmd"])
        #expect(one["body"] == two["body"])
        return one
    }

    private static func ref(_ userid: String, _ userType: Int64 = 0) -> JSONValue {
        ["userid": .string(userid), "user_type": .integer(userType)]
    }

    @Test func eachAdminChangeIsPushedToBothDevicesWithTheNextVersion() async throws {
        try await withSimulator { simulator, port, wallClock in
            try await withTwoDevices(simulator: simulator, port: port) { first, second in
                var version = Int64(await simulator.currentPermVersion())
                func nextContactPush() async throws -> JSONValue {
                    let push = try await Self.bothReceive(first, second)
                    version += 1
                    #expect(push["cmd"] == "push_change_contact")
                    #expect(push["body"]?["perm_version"] == .integer(version))
                    #expect(push["body"]?["timestamp"] == .integer(Int64(wallClock.now().timeIntervalSince1970)))
                    return push
                }

                try await simulator.addMember(userid: "wangwu", userType: 2, name: "Wang Wu")
                let created = try await nextContactPush()
                #expect(created["body"]?["create_user"] == [Self.ref("wangwu", 2)])
                #expect(created["body"]?["update_user"] == [] && created["body"]?["delete_user"] == [])

                try await simulator.updateMember(userid: "wangwu", name: "Wang Wu (2)")
                #expect(try await nextContactPush()["body"]?["update_user"] == [Self.ref("wangwu", 2)])

                try await simulator.putTemplate(
                    userid: "lisi", CloudTemplateLoad(pageType: .face, slot: 0, data: templateBytes(count: 64)))
                #expect(try await nextContactPush()["body"]?["update_user"] == [Self.ref("lisi")])

                try await simulator.deleteMember(userid: "wangwu")
                #expect(try await nextContactPush()["body"]?["delete_user"] == [Self.ref("wangwu", 2)])

                try await simulator.renameMember(from: "lisi", to: "lisi2")
                let renamed = try await Self.bothReceive(first, second)
                version += 1
                #expect(renamed["cmd"] == "push_change_userid")
                #expect(
                    renamed["body"]
                        == [
                            "old_userid": "lisi", "new_userid": "lisi2", "perm_version": .integer(version),
                            "user_type": 0,
                        ])
                #expect(await simulator.storedTemplates(userid: "lisi2").count == 1, "templates follow the rename")
                #expect(await simulator.storedTemplates(userid: "lisi").isEmpty)
                #expect(await simulator.currentPermVersion() == Int(version))
            }
        }
    }

    @Test func visitorChangesArePushedWithTheVisitorVersion() async throws {
        try await withSimulator { simulator, port, _ in
            try await withTwoDevices(simulator: simulator, port: port) { first, second in
                let perm = await simulator.currentPermVersion()
                try await simulator.addVisitor(userid: "x1/1000006", name: "Guest")
                let created = try await Self.bothReceive(first, second)
                #expect(created["cmd"] == "push_visitor_list_change")
                #expect(
                    created["body"]
                        == [
                            "visitor_version": 2, "create_visitor": [Self.ref("x1/1000006", 1)], "update_visitor": [],
                            "delete_visitor": [],
                        ])
                try await simulator.deleteVisitor(userid: "x1/1000006")
                let deleted = try await Self.bothReceive(first, second)
                #expect(deleted["body"]?["visitor_version"] == 3)
                #expect(deleted["body"]?["delete_visitor"] == [Self.ref("x1/1000006", 1)])
                #expect(await simulator.currentPermVersion() == perm)
            }
        }
    }

    @Test func anUploadByOneDeviceIsAnUpdateForTheOtherOnly() async throws {
        try await withSimulator { simulator, port, _ in
            try await withTwoDevices(simulator: simulator, port: port) { first, second in
                let before = Int64(await simulator.currentPermVersion())
                let upload: JSONValue = [
                    "userinfo": [
                        [
                            "userid": "lisi", "user_type": 0, "fp_algorithm": "zfm-module-char-v1",
                            "fp": [["id": 4, "data": .string(templateBase64(seed: 99))]],
                        ]
                    ]
                ]
                #expect(try await first.request("upload_userinfo", body: upload)["errcode"] == 0)
                let push = try await second.nextPush()
                #expect(push["cmd"] == "push_change_contact")
                #expect(push["body"]?["perm_version"] == .integer(before + 1))
                #expect(push["body"]?["update_user"] == [Self.ref("lisi")])
                #expect(push["body"]?["create_user"] == [])

                let pulled = try await second.request("get_userinfo_by_ids", body: ["user_item": [Self.ref("lisi")]])
                #expect(pulled.pulledUser(0)?["fp"] == [["id": 4, "data": .string(templateBase64(seed: 99))]])
                #expect(pulled.pulledUser(0)?["fp_algorithm"] == "zfm-module-char-v1")

                #expect(try await first.request("get_perm_version").permVersion == before + 1)
                #expect(first.bufferedPushCommands.isEmpty, "the uploader gets no push for its own upload")

                let deletion: JSONValue = ["userinfo": [["userid": "lisi", "fp": [["id": 4, "data": ""]]]]]
                #expect(try await first.request("upload_userinfo", body: deletion)["errcode"] == 0)
                #expect(try await second.nextPush()["body"]?["perm_version"] == .integer(before + 2))
                let gone = try await second.request("get_userinfo_by_ids", body: ["userids": ["lisi"]])
                #expect(gone.pulledUser(0)?["fp"] == [])
                #expect(first.bufferedPushCommands.isEmpty)
            }
        }
    }
}
