import Biometrics
import Foundation
import JSONSupport
import Testing
import WeComDevice

@testable import WeComCloudSim

/// `checkin` against the simulator over loopback: the terminal's own `Checkin` request through the real
/// `WeComClient`, the rules with hostile bodies, the admin API and the connection faults.
@Suite("Checkin over loopback", .timeLimit(.minutes(5)))
struct CheckinOverLoopbackTests {
    /// testEpoch (2026-01-01T00:00:00Z) in Unix seconds: the simulator's and the client's clock.
    private static let now: Int64 = 1_767_225_600

    private static func record(
        _ userid: String, userType: UserType = .employee, at timestamp: Int64 = now - 60,
        method: PassMethod = .fingerprint
    ) throws -> CheckinRecord {
        try CheckinRecord(userid: try UserID(userid), userType: userType, timestamp: timestamp, passMethod: method)
    }

    @Test func acceptedRecordsBecomePassagesAndUnknownUsersComeBackInFailList() async throws {
        try await HostileCloudWorld.run { world in
            await world.states.waitForLogins(1)
            try await world.simulator.addVisitor(userid: "guest/1000006", name: "Guest")
            let zhangsan = try Self.record("zhangsan", method: .fingerprint)
            let lisi = try Self.record("lisi", at: Self.now - 30, method: .face)
            let guest = try Self.record("guest/1000006", userType: .visitor, method: .face)
            let ghost = try Self.record("ghost")
            let wrongType = try Self.record("lisi", userType: .student)
            let request = Checkin(records: [zhangsan, ghost, lisi, wrongType, guest])
            let answer = try await world.client.send(request)
            #expect(
                answer.failed == [
                    CheckinFailure(userid: try UserID("ghost"), userType: .employee, timestamp: Self.now - 60),
                    CheckinFailure(userid: try UserID("lisi"), userType: .student, timestamp: Self.now - 60),
                ])
            #expect(answer.acknowledged(of: request) == [zhangsan, lisi, guest])

            let passages = await world.simulator.passages()
            #expect(passages.map(\.userid) == ["zhangsan", "lisi", "guest/1000006"])
            #expect(passages.map(\.passMethod) == [4, 1, 1])
            #expect(passages.map(\.passType) == [3, 3, 3])
            #expect(passages.map(\.userType) == [0, 0, 1])
            #expect(passages.map(\.timestamp) == [Self.now - 60, Self.now - 30, Self.now - 60])
            #expect(passages.allSatisfy { $0.sn == world.fixture.sn && !$0.repeated && $0.receivedAt == testEpoch })
            #expect(passages.map(\.index) == [1, 2, 3])
            #expect(await world.simulator.passages(userid: "lisi").map(\.timestamp) == [Self.now - 30])
        }
    }

    @Test func failUsersFaultSendsTheirRecordsToFailList() async throws {
        try await HostileCloudWorld.run(faults: CloudFaults(failUsers: ["lisi"])) { world in
            await world.states.waitForLogins(1)
            let request = Checkin(records: [try Self.record("zhangsan"), try Self.record("lisi")])
            let answer = try await world.client.send(request)
            #expect(answer.failed.map(\.userid.rawValue) == ["lisi"])
            #expect(await world.simulator.passages().map(\.userid) == ["zhangsan"])
            try await world.simulator.setFaults(CloudFaults())
            #expect(try await world.client.send(Checkin(records: [try Self.record("lisi")])).failed.isEmpty)
            #expect(await world.simulator.passages().map(\.userid) == ["zhangsan", "lisi"])
        }
    }

    /// Each rule, sent raw by the real client: refused as a whole with the field named, nothing recorded.
    @Test func eachRuleIsRefusedNamingItsField() async throws {
        let good: JSONValue = [
            "userid": "zhangsan", "user_type": 0, "timestamp": .integer(Self.now), "pass_type": 1, "pass_method": 4,
        ]
        func with(_ key: String, _ value: JSONValue?) -> JSONValue {
            var object = good.objectValue ?? [:]
            object[key] = value
            return .object(object)
        }
        let cases: [(JSONObject, Int, String)] = [
            ([:], CloudErrorCode.invalidParameter, "body.checkin_data"),
            (["checkin_data": "x"], CloudErrorCode.invalidParameter, "body.checkin_data"),
            (["checkin_data": []], CloudErrorCode.invalidParameter, "body.checkin_data"),
            (
                ["checkin_data": .array(Array(repeating: good, count: 201))], CloudErrorCode.tooManyItems,
                "body.checkin_data"
            ),
            (["checkin_data": [good, 7]], CloudErrorCode.invalidParameter, "body.checkin_data[1]"),
            (["checkin_data": [with("userid", nil)]], CloudErrorCode.invalidParameter, "body.checkin_data[0].userid"),
            (["checkin_data": [with("userid", "")]], CloudErrorCode.invalidParameter, "body.checkin_data[0].userid"),
            (
                ["checkin_data": [with("userid", .string(String(repeating: "u", count: 129)))]],
                CloudErrorCode.invalidParameter, "body.checkin_data[0].userid"
            ),
            (
                ["checkin_data": [with("user_type", 3)]], CloudErrorCode.invalidParameter,
                "body.checkin_data[0].user_type"
            ),
            (
                ["checkin_data": [with("user_type", "0")]], CloudErrorCode.invalidParameter,
                "body.checkin_data[0].user_type"
            ),
            (
                ["checkin_data": [with("timestamp", nil)]], CloudErrorCode.invalidParameter,
                "body.checkin_data[0].timestamp"
            ),
            (
                ["checkin_data": [with("timestamp", 1_514_764_799)]], CloudErrorCode.invalidParameter,
                "body.checkin_data[0].timestamp"
            ),
            (
                ["checkin_data": [with("timestamp", 0)]], CloudErrorCode.invalidParameter,
                "body.checkin_data[0].timestamp"
            ),
            (
                ["checkin_data": [with("timestamp", .integer(Self.now + 86_401))]], CloudErrorCode.invalidParameter,
                "body.checkin_data[0].timestamp"
            ),
            (
                ["checkin_data": [with("timestamp", .integer(.max))]], CloudErrorCode.invalidParameter,
                "body.checkin_data[0].timestamp"
            ),
            (
                ["checkin_data": [with("timestamp", .double(1e300))]], CloudErrorCode.invalidParameter,
                "body.checkin_data[0].timestamp"
            ),
            (
                ["checkin_data": [with("timestamp", "1767225600")]], CloudErrorCode.invalidParameter,
                "body.checkin_data[0].timestamp"
            ),
            (
                ["checkin_data": [with("pass_type", 0)]], CloudErrorCode.invalidParameter,
                "body.checkin_data[0].pass_type"
            ),
            (
                ["checkin_data": [with("pass_type", 4)]], CloudErrorCode.invalidParameter,
                "body.checkin_data[0].pass_type"
            ),
            (
                ["checkin_data": [with("pass_method", 0)]], CloudErrorCode.invalidParameter,
                "body.checkin_data[0].pass_method"
            ),
            (
                ["checkin_data": [with("pass_method", 7)]], CloudErrorCode.invalidParameter,
                "body.checkin_data[0].pass_method"
            ),
            (
                ["checkin_data": [with("pass_method", nil)]], CloudErrorCode.invalidParameter,
                "body.checkin_data[0].pass_method"
            ),
            (
                ["checkin_data": [with("pass_type", nil)]], CloudErrorCode.invalidParameter,
                "body.checkin_data[0].pass_type"
            ),
            (
                ["checkin_data": [good, with("pass_method", "4")]], CloudErrorCode.invalidParameter,
                "body.checkin_data[1].pass_method"
            ),
        ]
        try await HostileCloudWorld.run { world in
            await world.states.waitForLogins(1)
            for (body, errcode, field) in cases {
                let answer = try await world.client.request(cmd: "checkin", body: body)
                #expect(answer.errcode == errcode, "\(field): \(answer.errmsg)")
                #expect(answer.errmsg.hasPrefix(field + ":"), "\(answer.errmsg)")
            }
            #expect(await world.simulator.passages().isEmpty, "a refused request records nothing")

            // At the edges: 2018-01-01 exactly, a day ahead exactly, 200 records, and plain attendance records
            // (neither pass_type nor pass_method, user_type absent) as in the doc's example.
            let edges: JSONObject = [
                "checkin_data": .array(
                    [with("timestamp", 1_514_764_800), with("timestamp", .integer(Self.now + 86_400))]
                        + Array(
                            repeating: JSONValue.object(["userid": "lisi", "timestamp": .integer(Self.now)]), count: 198
                        ))
            ]
            let accepted = try await world.client.request(cmd: "checkin", body: edges)
            #expect(accepted.errcode == 0, "\(accepted.errmsg)")
            #expect(accepted.body?["fail_list"] == [])
            let passages = await world.simulator.passages()
            #expect(passages.count == 200)
            #expect(passages.last?.passType == nil && passages.last?.passMethod == nil)
            #expect(passages.filter(\.repeated).count == 197, "the same lisi record sent 198 times")
        }
    }

    @Test func checkinBeforeLoginAnswers600020() async throws {
        try await withSimulator { simulator, port, _ in
            try await withDevice(port: port) { device in
                let answer = try await device.request(
                    "checkin", body: ["checkin_data": [["userid": "zhangsan", "timestamp": .integer(Self.now)]]])
                #expect(answer["errcode"] == code(CloudErrorCode.notLoggedIn))
                #expect(answer["errmsg"]?.stringValue?.contains("subscribe_corp") == true)
            }
            #expect(await simulator.passages().isEmpty)
        }
    }

    @Test func aDropBeforeApplyingLosesNothingAndADropAfterApplyingShowsTheResendAsRepeated() async throws {
        try await HostileCloudWorld.run { world in
            await world.states.waitForLogins(1)
            let request = Checkin(records: [try Self.record("zhangsan")])

            try await world.simulator.setFaults(CloudFaults(nextCheckinConnection: .dropBeforeApplying))
            await #expect(throws: WeComError.connectionLost(cmd: "checkin")) {
                _ = try await world.client.send(request)
            }
            #expect(await world.simulator.passages().isEmpty)
            #expect(await world.simulator.faults.nextCheckinConnection == nil, "one shot")
            await world.states.waitForLogins(2)
            #expect(try await world.client.send(request).failed.isEmpty)
            #expect(await world.simulator.passages().map(\.repeated) == [false])

            try await world.simulator.setFaults(CloudFaults(nextCheckinConnection: .dropAfterApplying))
            await #expect(throws: WeComError.connectionLost(cmd: "checkin")) {
                _ = try await world.client.send(request)
            }
            #expect(await world.simulator.passages().map(\.repeated) == [false, true])
            await world.states.waitForLogins(3)
            #expect(try await world.client.send(request).failed.isEmpty)
            #expect(await world.simulator.passages().map(\.repeated) == [false, true, true])
            #expect(await world.states.logins == 3)
        }
    }

    @Test func theAdminAPIListsPassagesAndSetsTheCheckinFault() async throws {
        try await withSimulator { simulator, port, _ in
            let admin = AdminClient(port: port)
            let fixture = DeviceFixture()
            try await withDevice(port: port) { device in
                try await device.logIn(fixture, simulator: simulator, now: testEpoch)
                let answer = try await device.request(
                    "checkin",
                    body: [
                        "checkin_data": [
                            ["userid": "zhangsan", "timestamp": .integer(Self.now), "pass_type": 2, "pass_method": 1],
                            ["userid": "lisi", "user_type": 0, "timestamp": .integer(Self.now - 1)],
                            ["userid": "nobody", "user_type": 2, "timestamp": .integer(Self.now - 2)],
                        ]
                    ])
                #expect(answer["errcode"] == 0)
                #expect(
                    answer["body"]?["fail_list"]
                        == [["userid": "nobody", "user_type": 2, "timestamp": .integer(Self.now - 2)]])
            }
            let all = try await admin.call("GET", "/admin/passages")
            #expect(all.status == 200)
            #expect(
                all.json
                    == [
                        [
                            "index": 1, "sn": .string(fixture.sn), "userid": "zhangsan", "user_type": 0,
                            "timestamp": .integer(Self.now), "pass_type": 2, "pass_method": 1,
                            "received_at": "2026-01-01T00:00:00Z", "repeated": false,
                        ],
                        [
                            "index": 2, "sn": .string(fixture.sn), "userid": "lisi", "user_type": 0,
                            "timestamp": .integer(Self.now - 1), "received_at": "2026-01-01T00:00:00Z",
                            "repeated": false,
                        ],
                    ])
            let lisi = try await admin.call("GET", "/admin/passages?userid=lisi")
            #expect(lisi.json.arrayValue?.compactMap { $0["userid"]?.stringValue } == ["lisi"])

            let bad = try await admin.call("POST", "/admin/faults", json: ["next_checkin_connection": "explode"])
            #expect(bad.status == 400 && bad.json["field"] == "next_checkin_connection")
            let set = try await admin.call("POST", "/admin/faults", json: ["next_checkin_connection": "swallow_answer"])
            #expect(set.status == 200 && set.json["next_checkin_connection"] == "swallow_answer")
            #expect(await simulator.faults.nextCheckinConnection == .swallowAnswer)
            let cleared = try await admin.call("POST", "/admin/faults", json: ["next_checkin_connection": "none"])
            #expect(cleared.status == 200 && cleared.json["next_checkin_connection"] == nil)
            #expect(await simulator.faults.nextCheckinConnection == nil)
        }
    }
}
