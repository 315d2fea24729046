import Biometrics
import Crypto
import Foundation
import JSONSupport
import Testing
import WeComDevice

@Suite(.timeLimit(.minutes(5))) struct SessionLoginTests {
    private func sha1Hex(_ text: String) -> String {
        Insecure.SHA1.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    private func integer(_ body: JSONObject?, _ key: String) throws -> Int64 {
        guard case .integer(let value)? = body?[key] else {
            throw FrameError.wrongType(field: key, expected: "integer", found: body?[key]?.kindName ?? "nothing")
        }
        return value
    }

    @Test func fullLoginSequenceWithSeedKeyInOrder() async throws {
        let harness = try SessionHarness(key: .seedSecretNo("SEED"))
        let cloud = try await harness.nextConnection()
        let serverTime: Int64 = 1_700_000_120  // the server is 120 s ahead of the wall clock

        let timestamp = try await cloud.expect("get_timestamp")
        #expect(timestamp.body == nil)
        cloud.reply(to: timestamp, body: ["timestamp": .integer(serverTime)])

        let secretNo = try await cloud.expect("get_secret_no")
        let nonce1 = try integer(secretNo.body, "nonce")
        #expect(try integer(secretNo.body, "timestamp") == serverTime)
        #expect(secretNo.body?["sn"] == "SN-0001")
        let expected1 = sha1Hex(["SN-0001", "SEED", String(serverTime), String(nonce1), "secret_no"].sorted().joined())
        #expect(secretNo.body?["device_signature"] == .string(expected1))
        cloud.reply(to: secretNo, body: ["secret_no": "SNO-1"])

        let register = try await cloud.expect("register")
        let nonce2 = try integer(register.body, "nonce")
        #expect(try integer(register.body, "timestamp") == serverTime)
        let expected2 = sha1Hex(["SN-0001", "SNO-1", String(serverTime), String(nonce2), "register"].sorted().joined())
        #expect(register.body?["device_signature"] == .string(expected2))
        cloud.reply(to: register, body: ["active_code": "AC-1"])

        let active = try await cloud.expect("active")
        #expect(active.body == ["active_code": "AC-1"])
        cloud.reply(to: active, body: ["secret": "S-1"])

        let subscribe = try await cloud.expect("subscribe_corp")
        #expect(
            subscribe.body
                == ["secret": "S-1", "firmware_version": "1.2.3", "ext_args": ["fp_algorithm": ["zfm-module-char-v1"]]])
        cloud.reply(to: subscribe)

        await harness.recorder.waitFor(.loggedIn)
        #expect(
            await harness.recorder.states
                == [.connecting, .registering, .activating(waitingForBind: false), .subscribing, .loggedIn])
        #expect(
            await harness.store.credentials == DeviceCredentials(activeCode: "AC-1", secret: "S-1", secretNo: "SNO-1"))
        #expect(Set([timestamp, secretNo, register, active, subscribe].map(\.reqID)).count == 5)
        #expect(harness.transport.urls == [URL(string: "ws://127.0.0.1:9000/websocket")!])
        await harness.stop()
        #expect(await harness.recorder.last == .disconnected)
    }

    @Test func requestsBeforeLoginThrowNotConnected() async throws {
        let harness = try SessionHarness()
        _ = try await harness.nextConnection()
        await #expect(throws: WeComError.notConnected) { try await harness.client.send(GetPermVersion()) }
        await #expect(throws: WeComError.notConnected) { try await harness.client.request(cmd: "ping") }
        await harness.stop()
    }

    @Test func activeIsRetriedEvery5SecondsUntilBound() async throws {
        let harness = try SessionHarness()
        let cloud = try await harness.nextConnection()
        cloud.reply(to: try await cloud.expect("get_timestamp"), body: ["timestamp": 1_700_000_000])
        cloud.reply(to: try await cloud.expect("register"), body: ["active_code": "AC"])

        for _ in 0..<3 {
            let active = try await cloud.expect("active")
            cloud.reply(to: active, body: [:])  // not bound yet: no secret
            await harness.recorder.waitFor(.activating(waitingForBind: true))
            await harness.clock.advance(by: .milliseconds(4_900))
            await settle()
            #expect(await cloud.bufferedCount == 0, "active retried before 5 s")
            await harness.clock.advance(by: .milliseconds(100))
        }
        let bound = try await cloud.expect("active")
        cloud.reply(to: bound, body: ["secret": "S"])
        cloud.reply(to: try await cloud.expect("subscribe_corp"))
        await harness.recorder.waitFor(.loggedIn)
        #expect(await harness.store.credentials.secret == "S")
        await harness.stop()
    }

    @Test func bindPushRetriesActiveImmediately() async throws {
        let harness = try SessionHarness(credentials: DeviceCredentials(activeCode: "AC"))
        let cloud = try await harness.nextConnection()
        cloud.reply(to: try await cloud.expect("get_timestamp"), body: ["timestamp": 1_700_000_000])
        cloud.reply(to: try await cloud.expect("active"), body: [:])
        await harness.recorder.waitFor(.activating(waitingForBind: true))
        cloud.push("push_bind_corp")
        let retry = try await cloud.expect("active")  // no clock advance needed
        cloud.reply(to: retry, body: ["secret": "S"])
        cloud.reply(to: try await cloud.expect("subscribe_corp"))
        await harness.recorder.waitFor(.loggedIn)
        await harness.stop()
    }

    @Test func alreadyActiveAndAlreadySubscribedCodesCountAsSuccess() async throws {
        let harness = try SessionHarness(credentials: DeviceCredentials(activeCode: "AC"))
        let cloud = try await harness.nextConnection()
        cloud.reply(to: try await cloud.expect("get_timestamp"), body: ["timestamp": 1_700_000_000])
        cloud.reply(to: try await cloud.expect("active"), errcode: 600053, errmsg: "actived", body: ["secret": "S"])
        cloud.reply(to: try await cloud.expect("subscribe_corp"), errcode: 600054, errmsg: "has subscribed")
        await harness.recorder.waitFor(.loggedIn)
        await harness.stop()
    }

    @Test func enterpriseNotAuthorisedWipesAndReactivates() async throws {
        let harness = try SessionHarness(credentials: DeviceCredentials(activeCode: "AC", secret: "OLD"))
        let cloud = try await harness.nextConnection()
        cloud.reply(to: try await cloud.expect("get_timestamp"), body: ["timestamp": 1_700_000_000])
        cloud.reply(to: try await cloud.expect("subscribe_corp"), errcode: 600004, errmsg: "not author")
        let active = try await cloud.expect("active")
        #expect(active.body == ["active_code": "AC"])
        #expect(await harness.store.wipeCount == 1)
        #expect(await harness.store.credentials == DeviceCredentials(activeCode: "AC", secret: nil))
        cloud.reply(to: active, body: ["secret": "NEW"])
        let subscribe = try await cloud.expect("subscribe_corp")
        #expect(subscribe.body?["secret"] == "NEW")
        cloud.reply(to: subscribe)
        await harness.recorder.waitFor(.loggedIn)
        await harness.stop()
    }

    @Test func unbindPushWipesAndRestartsActivation() async throws {
        let harness = try SessionHarness(credentials: DeviceCredentials(activeCode: "AC", secret: "S"))
        let pushes = Task { await harness.client.pushes.first { _ in true } }
        let cloud = try await harness.nextConnection()
        try await harness.logInWithStoredCredentials(cloud)
        cloud.push("push_unbind_corp")
        let active = try await cloud.expect("active")
        #expect(active.body == ["active_code": "AC"])
        #expect(await harness.store.wipeCount == 1)
        #expect(await harness.store.credentials.secret == nil)
        #expect(await pushes.value == .unbindCorp)
        await #expect(throws: WeComError.notConnected) { try await harness.client.send(GetPermVersion()) }
        await harness.stop()
    }

    @Test func invalidPushesArePublishedUnknownOnesAreNot() async throws {
        let harness = try SessionHarness(credentials: DeviceCredentials(activeCode: "AC", secret: "S"))
        let cloud = try await harness.nextConnection()
        try await harness.logInWithStoredCredentials(cloud)
        cloud.push("push_something_new", body: ["x": 1])
        cloud.push("push_enter_page", body: ["page_type": "iris", "oper_id": "o", "userid": "u"])
        cloud.push("push_enter_page", body: ["page_type": "fp", "oper_id": "o2", "userid": "u"])
        cloud.endpoint.send("this is not json")
        var iterator = harness.client.pushes.makeAsyncIterator()
        let first = await iterator.next()
        guard case .invalid(let cmd, .invalidValue(let field, _))? = first else {
            Issue.record("expected an invalid push, got \(String(describing: first))")
            return
        }
        #expect(cmd == "push_enter_page" && field == "body.page_type")
        #expect(
            await iterator.next()
                == .enterPage(EnrollmentCommand(modality: .fingerprint, operID: "o2", userid: try UserID("u"))))
        await settle()
        #expect(await cloud.bufferedCount == 0, "the device must never reply to pushes")
        #expect(await harness.client.state == .loggedIn)
        await harness.stop()
    }
}
