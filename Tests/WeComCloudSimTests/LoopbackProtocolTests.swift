import Foundation
import JSONSupport
import Testing

@testable import WeComCloudSim

@Suite("Device protocol over a loopback WebSocket", .timeLimit(.minutes(5)))
struct LoopbackProtocolTests {
    @Test func registerActivateSubscribePing() async throws {
        try await withSimulator { simulator, port, _ in
            let fixture = DeviceFixture()
            try await withDevice(port: port) { device in
                let time = try await device.request("get_timestamp")
                #expect(time["errcode"] == 0)
                #expect(time["body"]?["timestamp"] == .integer(1_767_225_600))
                #expect(time["cmd"] == nil)

                let signature = CloudSignature.compute([
                    fixture.sn, fixture.secretNo, "1767225600", "424242", "register",
                ])
                let register: JSONValue = [
                    "sn": .string(fixture.sn), "device_signature": .string(signature), "timestamp": 1_767_225_600,
                    "nonce": "424242", "net_info": ["wifi_name": "lab"],
                ]
                let registered = try await device.request("register", body: register)
                #expect(registered["errcode"] == 0)
                #expect(registered["errmsg"] == "ok")
                let activeCode = try #require(registered["body"]?["active_code"]?.stringValue)

                let again = try await device.request("register", body: register)
                #expect(again["errcode"] == .integer(Int64(CloudErrorCode.alreadyRegistered)))
                #expect(again["body"]?["active_code"]?.stringValue == activeCode)

                let unbound = try await device.request("active", body: ["active_code": .string(activeCode)])
                #expect(unbound["errcode"] == .integer(Int64(CloudErrorCode.notBoundYet)))
                #expect(unbound["errmsg"]?.stringValue?.contains("not bound") == true)
                let wrongCode = try await device.request("active", body: ["active_code": "nope"])
                #expect(wrongCode["errcode"] == .integer(Int64(CloudErrorCode.invalidActiveCode)))

                try await simulator.bind(sn: fixture.sn)
                let bindPush = try await device.nextPush()
                #expect(bindPush["cmd"] == "push_bind_corp")
                #expect(bindPush["body"] == nil)
                #expect(bindPush["headers"]?["req_id"]?.stringValue != nil)

                let activated = try await device.request("active", body: ["active_code": .string(activeCode)])
                #expect(activated["errcode"] == 0)
                let secret = try #require(activated["body"]?["secret"]?.stringValue)

                let noFirmware = try await device.request("subscribe_corp", body: ["secret": .string(secret)])
                #expect(noFirmware["errcode"] == .integer(Int64(CloudErrorCode.invalidParameter)))
                #expect(noFirmware["errmsg"]?.stringValue?.contains("body.firmware_version") == true)
                let sixAlgorithms: JSONValue = .array((1...6).map { .string("algo-\($0)") })
                let tooMany = try await device.request(
                    "subscribe_corp",
                    body: [
                        "secret": .string(secret), "firmware_version": "1.0",
                        "ext_args": ["fp_algorithm": sixAlgorithms],
                    ])
                #expect(tooMany["errcode"] == .integer(Int64(CloudErrorCode.tooManyItems)))
                let wrongSecret = try await device.request(
                    "subscribe_corp", body: ["secret": "bad", "firmware_version": "1.0"])
                #expect(wrongSecret["errcode"] == .integer(Int64(CloudErrorCode.notAuthorised)))

                let beforeLogin = try await device.request("ping")
                #expect(beforeLogin["errcode"] == .integer(Int64(CloudErrorCode.notLoggedIn)))

                let subscribed = try await device.request(
                    "subscribe_corp",
                    body: [
                        "secret": .string(secret), "firmware_version": "2.0.1",
                        "ext_args": ["fp_algorithm": ["zfm-module-char-v1", "default"], "fa_algorithm": ["face-v2"]],
                    ])
                #expect(subscribed["errcode"] == 0)
                let ping = try await device.request("ping")
                #expect(ping["errcode"] == 0)
                let version = try await device.request("get_perm_version")
                #expect(version["body"]?["perm_version"]?.strictIntValue == Int64(await simulator.currentPermVersion()))

                let status = try #require(await simulator.devices().first)
                #expect(status.loggedIn && status.connected && status.registered && status.bound)
                #expect(status.firmwareVersion == "2.0.1")
                #expect(status.fpAlgorithms == ["zfm-module-char-v1", "default"])
                #expect(status.faAlgorithms == ["face-v2"])
                #expect(status.lastPing == testEpoch)
            }
        }
    }

    @Test func rootPathIsAcceptedAndRejectsBadSignaturesAndStaleTimestamps() async throws {
        try await withSimulator { _, port, _ in
            let fixture = DeviceFixture()
            try await withDevice(port: port, path: "/") { device in
                func register(signature: String, timestamp: Int64, sn: String = fixture.sn) async throws -> JSONValue {
                    try await device.request(
                        "register",
                        body: [
                            "sn": .string(sn), "device_signature": .string(signature), "timestamp": .integer(timestamp),
                            "nonce": 1,
                        ])
                }
                let bad = try await register(signature: String(repeating: "0", count: 40), timestamp: 1_767_225_600)
                #expect(bad["errcode"] == .integer(Int64(CloudErrorCode.invalidSignature)))
                let staleTime: Int64 = 1_767_225_600 - 301
                let stale = try await register(
                    signature: CloudSignature.register(
                        sn: fixture.sn, secretNo: fixture.secretNo, timestamp: "\(staleTime)", nonce: "1"),
                    timestamp: staleTime)
                #expect(stale["errcode"] == .integer(Int64(CloudErrorCode.timestampExpired)))
                let unknown = try await register(
                    signature: String(repeating: "0", count: 40), timestamp: 1_767_225_600, sn: "NOPE")
                #expect(unknown["errcode"] == .integer(Int64(CloudErrorCode.unknownDevice)))
                let missing = try await device.request("register", body: ["sn": .string(fixture.sn)])
                #expect(missing["errmsg"]?.stringValue?.contains("body.device_signature") == true)
            }
        }
    }

    @Test func seedKeyDeviceExchangesItForASecretNo() async throws {
        try await withSimulator { simulator, port, _ in
            try await simulator.addDevice(sn: "SEED-1", seedSecretNo: "model-seed")
            try await withDevice(port: port) { device in
                let body: JSONValue = [
                    "sn": "SEED-1", "timestamp": "1767225600", "nonce": "7",
                    "device_signature": .string(
                        CloudSignature.secretNo(
                            sn: "SEED-1", seedSecretNo: "model-seed", timestamp: "1767225600", nonce: "7")),
                ]
                let exchanged = try await device.request("get_secret_no", body: body)
                #expect(exchanged["errcode"] == 0)
                let secretNo = try #require(exchanged["body"]?["secret_no"]?.stringValue)
                let signature = CloudSignature.register(
                    sn: "SEED-1", secretNo: secretNo, timestamp: "1767225600", nonce: "8")
                let registered = try await device.request(
                    "register",
                    body: [
                        "sn": "SEED-1", "device_signature": .string(signature), "timestamp": 1_767_225_600, "nonce": 8,
                    ])
                #expect(registered["errcode"] == 0)
                let afterRegister = try await device.request("get_secret_no", body: body)
                #expect(afterRegister["errcode"] == .integer(Int64(CloudErrorCode.alreadyRegistered)))
            }
        }
    }

    @Test func envelopeErrors() async throws {
        try await withSimulator { _, port, _ in
            try await withDevice(port: port) { device in
                let unknown = try await device.request("make_coffee")
                #expect(unknown["errcode"] == .integer(Int64(CloudErrorCode.unknownCommand)))
                #expect(unknown["errmsg"] == "unknown cmd \"make_coffee\"")
                let noReqID = try await device.sendRaw(#"{"cmd":"get_timestamp"}"#)
                #expect(noReqID["errcode"] == .integer(Int64(CloudErrorCode.invalidRequestID)))
                #expect(noReqID["headers"] == nil)
                let notJSON = try await device.sendRaw("hello")
                #expect(notJSON["errmsg"] == "frame is not a JSON object")
                _ = try await device.request("get_timestamp", reqID: "same")
                let repeated = try await device.request("get_timestamp", reqID: "same")
                #expect(repeated["errcode"] == .integer(Int64(CloudErrorCode.invalidRequestID)))
                #expect(repeated["errmsg"]?.stringValue?.contains("repeated") == true)
            }
        }
    }

    @Test func enrollmentResultWithinTheLimitIsAccepted() async throws {
        try await withSimulator { simulator, port, clock in
            try await withDevice(port: port) { device in
                try await device.logIn(DeviceFixture(), simulator: simulator, now: testEpoch)
                let operID = try await simulator.pushEnrollment(
                    sn: DeviceFixture().sn, userid: "zhangsan", pageType: .fingerprint)
                let push = try await device.nextPush()
                #expect(push["cmd"] == "push_enter_page")
                #expect(
                    push["body"] == [
                        "page_type": "fp", "oper_id": .string(operID), "userid": "zhangsan", "user_type": 0,
                    ])

                clock.advance(by: 12)
                let answer = try await device.request("upload_userinfo", body: successResult(operID: operID, slot: 2))
                #expect(answer["errcode"] == 0)
                #expect(answer["body"]?["fail_list"] == [])

                let operation = try await simulator.waitForOperation(operID, timeout: .seconds(5))
                #expect(operation.status == .accepted)
                #expect(operation.elapsedMs == 12_000)
                #expect(operation.resultErrmsg == "ok")
                let stored = await simulator.storedTemplates(userid: "zhangsan")
                #expect(stored.map(\.slot) == [2])
                #expect(stored.first?.algorithm == "zfm-module-char-v1")
                #expect(stored.first?.size == 512)
                let upload = try #require(await simulator.uploads().last)
                #expect(upload.verdict == .accepted)
                #expect(upload.elapsedMs == 12_000)

                // The same oper_id cannot be answered twice.
                let twice = try await device.request("upload_userinfo", body: successResult(operID: operID, slot: 3))
                #expect(twice["errcode"] == .integer(Int64(CloudErrorCode.invalidOperation)))
            }
        }
    }

    @Test func lateResultIsRecordedAsLate() async throws {
        try await withSimulator { simulator, port, clock in
            try await withDevice(port: port) { device in
                try await device.logIn(DeviceFixture(), simulator: simulator, now: testEpoch)
                let operID = try await simulator.pushEnrollment(
                    sn: DeviceFixture().sn, userid: "zhangsan", pageType: .fingerprint)
                _ = try await device.nextPush()
                clock.advance(by: 75)
                let answer = try await device.request("upload_userinfo", body: successResult(operID: operID))
                #expect(answer["errcode"] == .integer(Int64(CloudErrorCode.resultTooLate)))
                let operation = try #require(await simulator.operation(operID))
                #expect(operation.status == .late)
                #expect(operation.elapsedMs == 75_000)
                #expect(await simulator.storedTemplates().isEmpty)
                #expect(await simulator.uploads().last?.verdict == .late)
            }
        }
    }

    @Test func repeatedUploadReqIDIsRejectedAndRecorded() async throws {
        try await withSimulator { simulator, port, _ in
            try await withDevice(port: port) { device in
                try await device.logIn(DeviceFixture(), simulator: simulator, now: testEpoch)
                let repush: JSONValue = [
                    "userinfo": [["userid": "lisi", "fp": [["id": 1, "data": .string(templateBase64())]]]]
                ]
                let first = try await device.request("upload_userinfo", body: repush, reqID: "lb_upload_userinfo")
                #expect(first["errcode"] == 0)
                let second = try await device.request("upload_userinfo", body: repush, reqID: "lb_upload_userinfo")
                #expect(second["errcode"] == .integer(Int64(CloudErrorCode.invalidRequestID)))
                let uploads = await simulator.uploads()
                #expect(uploads.map(\.verdict) == [.accepted, .rejected])
                #expect(uploads.last?.reasons.first?.contains("repeated") == true)
            }
        }
    }

    @Test func cancelPushesExitPageAndRefusesALaterResult() async throws {
        try await withSimulator { simulator, port, _ in
            try await withDevice(port: port) { device in
                try await device.logIn(DeviceFixture(), simulator: simulator, now: testEpoch)
                let operID = try await simulator.pushEnrollment(sn: DeviceFixture().sn, userid: "lisi", pageType: .face)
                _ = try await device.nextPush()
                try await simulator.cancel(operID: operID)
                let exit = try await device.nextPush()
                #expect(exit["cmd"] == "push_exit_page")
                #expect(exit["body"]?["oper_id"]?.stringValue == operID)
                #expect(try await simulator.waitForOperation(operID, timeout: .seconds(1)).status == .cancelled)
                let answer = try await device.request(
                    "upload_userinfo", body: successResult(operID: operID, userid: "lisi"))
                #expect(answer["errmsg"] == .string("oper_id \(operID) was cancelled"))
            }
        }
    }

    @Test func unbindEndsTheLoginAndStalesTheSecret() async throws {
        try await withSimulator { simulator, port, _ in
            try await withDevice(port: port) { device in
                let secret = try await device.logIn(DeviceFixture(), simulator: simulator, now: testEpoch)
                try await simulator.unbind(sn: DeviceFixture().sn)
                let push = try await device.nextPush()
                #expect(push["cmd"] == "push_unbind_corp")
                #expect(push["body"] == nil)
                #expect(try await device.request("ping")["errcode"] == .integer(Int64(CloudErrorCode.notLoggedIn)))
                let relogin = try await device.request(
                    "subscribe_corp", body: ["secret": .string(secret), "firmware_version": "1"])
                #expect(relogin["errcode"] == .integer(Int64(CloudErrorCode.notAuthorised)))
            }
        }
    }

    @Test func faultsFailUsersRejectNextUploadAndDropConnection() async throws {
        try await withSimulator { simulator, port, _ in
            try await withDevice(port: port) { device in
                try await device.logIn(DeviceFixture(), simulator: simulator, now: testEpoch)
                try await simulator.setFaults(CloudFaults(failUsers: ["lisi"], rejectNextUpload: 45009))
                let users: JSONValue = [
                    "userinfo": [
                        ["userid": "lisi", "fp": [["id": 1, "data": .string(templateBase64())]]],
                        ["userid": "zhangsan", "fp": [["id": 1, "data": .string(templateBase64(seed: 3))]]],
                    ]
                ]
                let refused = try await device.request("upload_userinfo", body: users)
                #expect(refused["errcode"] == 45009)
                let partial = try await device.request("upload_userinfo", body: users)
                #expect(partial["errcode"] == 0)
                #expect(partial["body"]?["fail_list"] == ["lisi"])
                #expect(await simulator.storedTemplates().map(\.userid) == ["zhangsan"])

                try await simulator.dropConnection(sn: DeviceFixture().sn)
                await #expect(throws: TestDeviceError.self) { _ = try await device.nextPush() }
            }
            for await event in simulator.events {
                if case .disconnected(_, let sn) = event, sn == DeviceFixture().sn { break }
            }
            #expect(await simulator.devices().first?.connected == false)
        }
    }

    @Test func delayResponsesSlowsEveryAnswer() async throws {
        try await withSimulator { simulator, port, _ in
            try await simulator.setFaults(CloudFaults(delayResponsesMs: 150))
            try await withDevice(port: port) { device in
                let started = ContinuousClock.now
                let answer = try await device.request("get_timestamp")
                #expect(answer["errcode"] == 0)
                #expect(ContinuousClock.now - started >= .milliseconds(150))
            }
        }
    }

    @Test func waitForOperationTimesOut() async throws {
        try await withSimulator { simulator, port, _ in
            try await withDevice(port: port) { device in
                try await device.logIn(DeviceFixture(), simulator: simulator, now: testEpoch)
                let operID = try await simulator.pushEnrollment(
                    sn: DeviceFixture().sn, userid: "zhangsan", pageType: .fingerprint)
                await #expect(throws: CloudSimError.timedOut(operID: operID)) {
                    _ = try await simulator.waitForOperation(operID, timeout: .milliseconds(50))
                }
                #expect(await simulator.operation(operID)?.status == .pending)
            }
        }
    }
}

@Suite("Directory commands and narration", .timeLimit(.minutes(5)))
struct DirectoryAndEventTests {
    @Test func checkUseridSplitsLegalAndIllegal() async throws {
        try await withSimulator { simulator, port, _ in
            try await withDevice(port: port) { device in
                try await device.logIn(DeviceFixture(), simulator: simulator, now: testEpoch)
                let old = try await device.request("check_userid", body: ["userid": ["zhangsan", "ghost"]])
                #expect(old["body"] == ["legal_userid": ["zhangsan"], "illegal_userid": ["ghost"]])
                let items = try await device.request(
                    "check_userid",
                    body: ["userid_item": [["userid": "lisi", "user_type": 0], ["userid": "x/1", "user_type": 1]]])
                #expect(items["body"] == ["legal_userid": ["lisi"], "illegal_userid": ["x/1"]])
                let tooMany = try await device.request(
                    "check_userid", body: ["userid": .array(Array(repeating: "lisi", count: 201))])
                #expect(tooMany["errcode"] == .integer(Int64(CloudErrorCode.tooManyItems)))
            }
        }
    }

    @Test func storedTemplatesBumpPermVersionAndDeletionsRemoveThem() async throws {
        try await withSimulator { simulator, port, _ in
            try await withDevice(port: port) { device in
                try await device.logIn(DeviceFixture(), simulator: simulator, now: testEpoch)
                let before = try await device.request("get_perm_version")["body"]?["perm_version"]?.strictIntValue
                let store: JSONValue = [
                    "userinfo": [["userid": "lisi", "fp": [["id": 5, "data": .string(templateBase64())]]]]
                ]
                #expect(try await device.request("upload_userinfo", body: store)["errcode"] == 0)
                #expect(await simulator.storedTemplates(userid: "lisi").map(\.algorithm) == ["default"])
                let after = try await device.request("get_perm_version")["body"]?["perm_version"]?.strictIntValue
                #expect(after == before.map { $0 + 1 })
                let delete: JSONValue = ["userinfo": [["userid": "lisi", "fp": [["id": 5, "data": ""]]]]]
                #expect(try await device.request("upload_userinfo", body: delete)["errcode"] == 0)
                #expect(await simulator.storedTemplates(userid: "lisi").isEmpty)
            }
        }
    }

    @Test func eventsNarrateAnEnrollment() async throws {
        try await withSimulator { simulator, port, _ in
            try await withDevice(port: port) { device in
                try await device.logIn(DeviceFixture(), simulator: simulator, now: testEpoch)
                let operID = try await simulator.pushEnrollment(
                    sn: DeviceFixture().sn, userid: "zhangsan", pageType: .fingerprint)
                _ = try await device.nextPush()
                _ = try await device.request("upload_userinfo", body: successResult(operID: operID))
            }
            var seen: [String] = []
            for await event in simulator.events {
                switch event {
                case .connected: seen.append("connected")
                case .requestReceived(_, _, let cmd, _): seen.append("request \(cmd)")
                case .pushSent(_, let cmd, _): seen.append("push \(cmd)")
                case .uploadVerdict(let record):
                    seen.append("upload \(record.verdict.rawValue) \(record.elapsedMs ?? -1)")
                case .responseSent, .disconnected, .operationChanged: continue
                }
                if seen.last?.hasPrefix("upload") == true { break }
            }
            #expect(
                seen == [
                    "connected", "request register", "push push_bind_corp", "request active", "request subscribe_corp",
                    "push push_enter_page", "request upload_userinfo", "upload accepted 0",
                ])
        }
    }
}
