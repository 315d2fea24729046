import Foundation
import JSONSupport
import Testing

@testable import WeComCloudSim

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A tiny JSON-over-HTTP client for the admin API.
struct AdminClient: Sendable {
    let port: Int

    /// Sends `method path` with an optional raw body; returns the status and the parsed JSON answer.
    func call(_ method: String, _ path: String, body: String? = nil) async throws -> (status: Int, json: JSONValue) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return (status, try JSONValue.parse(data))
    }

    func call(_ method: String, _ path: String, json: JSONValue) async throws -> (status: Int, json: JSONValue) {
        try await call(method, path, body: json.jsonText())
    }
}

@Suite("Admin HTTP API", .timeLimit(.minutes(5)))
struct AdminHTTPTests {
    @Test func happyPathFromDeviceCreationToInspectedUpload() async throws {
        try await withEmptySimulator { _, port, _ in try await adminHappyPath(port: port) }
    }

    private func adminHappyPath(port: Int) async throws {
        let admin = AdminClient(port: port)
        let fixture = DeviceFixture(sn: "SN-HTTP-1")

        let created = try await admin.call(
            "POST", "/admin/devices", json: ["sn": .string(fixture.sn), "secret_no": .string(fixture.secretNo)])
        #expect(created.status == 201)
        let member = try await admin.call(
            "POST", "/admin/members", json: ["userid": "zhangsan", "user_type": 0, "name": "Zhang San"])
        #expect(member.status == 201)

        try await withDevice(port: port) { device in
            let timestamp = "1767225600"
            let signature = CloudSignature.register(
                sn: fixture.sn, secretNo: fixture.secretNo, timestamp: timestamp, nonce: "5")
            let registered = try await device.request(
                "register",
                body: [
                    "sn": .string(fixture.sn), "device_signature": .string(signature), "timestamp": .string(timestamp),
                    "nonce": 5,
                ])
            let code = try #require(registered["body"]?["active_code"]?.stringValue)

            let bound = try await admin.call("POST", "/admin/devices/\(fixture.sn)/bind", body: "")
            #expect(bound.status == 200)
            #expect(bound.json["bound"] == true)
            #expect(try await device.nextPush()["cmd"] == "push_bind_corp")
            let secret = try #require(
                try await device.request("active", body: ["active_code": .string(code)])["body"]?["secret"]?.stringValue
            )
            let subscribed = try await device.request(
                "subscribe_corp",
                body: [
                    "secret": .string(secret), "firmware_version": "1.0",
                    "ext_args": ["fp_algorithm": ["zfm-module-char-v1"]],
                ])
            #expect(subscribed["errcode"] == 0)

            let devices = try await admin.call("GET", "/admin/devices")
            #expect(devices.json.arrayValue?.first?["logged_in"] == true)
            #expect(devices.json.arrayValue?.first?["fp_algorithms"] == ["zfm-module-char-v1"])

            let enroll = try await admin.call(
                "POST", "/admin/enroll", json: ["sn": .string(fixture.sn), "userid": "zhangsan", "page_type": "fp"])
            #expect(enroll.status == 201)
            let operID = try #require(enroll.json["oper_id"]?.stringValue)
            #expect(try await device.nextPush()["body"]?["oper_id"]?.stringValue == operID)
            let answer = try await device.request("upload_userinfo", body: successResult(operID: operID, seed: 11))
            #expect(answer["errcode"] == 0)

            let operation = try await admin.call("GET", "/admin/operations/\(operID)")
            #expect(operation.status == 200)
            #expect(operation.json["status"] == "accepted")
            #expect(operation.json["oper_id"]?.stringValue == operID)
            #expect(try await admin.call("GET", "/admin/operations").json.arrayValue?.count == 1)

            let uploads = try await admin.call("GET", "/admin/uploads")
            let upload = try #require(uploads.json.arrayValue?.first)
            #expect(upload["verdict"] == "accepted")
            #expect(upload["user_count"] == 1)
            #expect(upload["users"]?.arrayValue?.first?["slots"]?.arrayValue?.first?["size"] == 512)
            #expect(
                upload["users"]?.arrayValue?.first?["slots"]?.arrayValue?.first?["short_hash"]?.stringValue?.count == 12
            )
            // Template bytes are never echoed.
            #expect(!uploads.json.jsonText().contains(templateBase64(seed: 11).prefix(24)))

            let second = try await admin.call(
                "POST", "/admin/enroll", json: ["sn": .string(fixture.sn), "userid": "zhangsan", "page_type": "fa"])
            let secondID = try #require(second.json["oper_id"]?.stringValue)
            _ = try await device.nextPush()
            let cancelled = try await admin.call("POST", "/admin/operations/\(secondID)/cancel", body: "")
            #expect(cancelled.json["status"] == "cancelled")
            #expect(try await device.nextPush()["cmd"] == "push_exit_page")

            let faults = try await admin.call(
                "POST", "/admin/faults", json: ["fail_users": ["zhangsan"], "delay_responses_ms": 0])
            #expect(faults.status == 200)
            #expect(faults.json["fail_users"] == ["zhangsan"])
            let dropped = try await admin.call("POST", "/admin/faults", json: ["drop_connection": .string(fixture.sn)])
            #expect(dropped.status == 200)
            await #expect(throws: TestDeviceError.self) { _ = try await device.nextPush() }
        }
    }

    @Test func badInputAnswers400NamingTheField() async throws {
        try await withEmptySimulator { _, port, _ in try await badInput(port: port) }
    }

    private func badInput(port: Int) async throws {
        let admin = AdminClient(port: port)

        let noUserid = try await admin.call("POST", "/admin/members", json: ["user_type": 0, "name": "x"])
        #expect(noUserid.status == 400)
        #expect(noUserid.json["field"] == "userid")
        let badType = try await admin.call(
            "POST", "/admin/members", json: ["userid": "u", "user_type": 7, "name": "x"])
        #expect(badType.status == 400)
        #expect(badType.json["field"] == "user_type")
        let noKey = try await admin.call("POST", "/admin/devices", json: ["sn": "A"])
        #expect(noKey.json["field"] == "secret_no")
        let badPage = try await admin.call(
            "POST", "/admin/enroll", json: ["sn": "A", "userid": "u", "page_type": "iris"])
        #expect(badPage.status == 400)
        #expect(badPage.json["field"] == "page_type")
        let badDelay = try await admin.call("POST", "/admin/faults", json: ["delay_responses_ms": "soon"])
        #expect(badDelay.json["field"] == "delay_responses_ms")
        let notJSON = try await admin.call("POST", "/admin/members", body: "{nope")
        #expect(notJSON.status == 400)
        #expect(notJSON.json["field"] == "body")
        let unknown = try await admin.call("GET", "/admin/operations/none")
        #expect(unknown.status == 404)
        let unknownDevice = try await admin.call("POST", "/admin/devices/none/bind", body: "")
        #expect(unknownDevice.status == 404)
    }
}
