import Biometrics
import Foundation
import Testing
import WeComDevice

@Suite(.timeLimit(.minutes(5))) struct SessionConnectionTests {
    private let stored = DeviceCredentials(activeCode: "AC", secret: "S")

    @Test func pingRunsEvery30SecondsAfterLogin() async throws {
        let harness = try SessionHarness(credentials: stored)
        let cloud = try await harness.nextConnection()
        try await harness.logInWithStoredCredentials(cloud)
        let loginInstant = harness.clock.now
        var pingOffsets: [Duration] = []
        // The clock stands still while a ping is awaited, so its instant is exact however slow the machine.
        for _ in 0..<3 {
            await harness.clock.advance(by: .seconds(29))
            await settle()
            #expect(await cloud.bufferedCount == 0, "ping before 30 s")
            await harness.clock.advance(by: .seconds(1))
            let ping = try await cloud.expect("ping")
            #expect(ping.body == nil)
            pingOffsets.append(loginInstant.duration(to: harness.clock.now))
            cloud.reply(to: ping)
        }
        #expect(pingOffsets == [.seconds(30), .seconds(60), .seconds(90)])
        await harness.stop()
    }

    @Test func reconnectsWithBackoffAndResubscribesWithoutRegistering() async throws {
        let harness = try SessionHarness(credentials: stored)
        let first = try await harness.nextConnection()
        try await harness.logInWithStoredCredentials(first)

        first.drop()
        await harness.recorder.waitFor(.waitingToReconnect(delay: .seconds(1)))
        harness.transport.refuseNextConnections(1)
        await harness.clock.advance(by: .milliseconds(900))
        await settle()
        #expect(harness.transport.urls.count == 1, "reconnected before the back-off delay")
        await harness.clock.advance(by: .milliseconds(100))
        // The refused attempt doubles the delay.
        await harness.recorder.waitFor(.waitingToReconnect(delay: .seconds(2)))
        #expect(harness.transport.urls.count == 2)
        await harness.clock.advance(by: .seconds(2))

        let second = try await harness.nextConnection()
        // get_timestamp then subscribe_corp: no register, no active
        try await harness.logInWithStoredCredentials(second)
        #expect(await harness.store.wipeCount == 0)

        // A login alone does not reset the back-off (see SessionTimeoutTests for the reset after 60 s up).
        second.drop()
        await harness.recorder.waitFor(.waitingToReconnect(delay: .seconds(4)))
        await harness.clock.advance(by: .seconds(4))
        let third = try await harness.nextConnection()
        try await harness.logInWithStoredCredentials(third)
        await harness.stop()
    }

    @Test func connectionLevelErrorFrameRestartsTheSession() async throws {
        let harness = try SessionHarness(credentials: stored)
        let first = try await harness.nextConnection()
        try await harness.logInWithStoredCredentials(first)
        first.endpoint.send(ConnectionErrorFrame(errcode: 600016, errmsg: "not active").encoded())
        await harness.recorder.waitFor(.waitingToReconnect(delay: .seconds(1)))
        await harness.clock.advance(by: .seconds(1))
        let second = try await harness.nextConnection()
        second.reply(to: try await second.expect("get_timestamp"), body: ["timestamp": 1_700_000_000])
        // "Not active" forgot the secret, so the restart re-activates with the stored active_code.
        let active = try await second.expect("active")
        #expect(active.body == ["active_code": "AC"])
        await harness.stop()
    }

    @Test func responsesAreMatchedByReqIDOutOfOrder() async throws {
        let harness = try SessionHarness(credentials: stored)
        let cloud = try await harness.nextConnection()
        try await harness.logInWithStoredCredentials(cloud)
        let client = harness.client

        let version = Task { try await client.send(GetPermVersion()) }
        let versionRequest = try await cloud.expect("get_perm_version")
        let check = Task { try await client.send(CheckUserID(users: [UserRef(userid: try UserID("u1"))])) }
        let checkRequest = try await cloud.expect("check_userid")
        #expect(checkRequest.body == ["userid_item": [["userid": "u1", "user_type": 0]]])
        #expect(versionRequest.reqID != checkRequest.reqID)

        cloud.endpoint.send(ResponseEnvelope(reqID: "no-such-request", body: ["perm_version": 999]).encoded())
        cloud.reply(to: checkRequest, body: ["legal_userid": ["u1"], "illegal_userid": []])
        cloud.reply(to: versionRequest, body: ["perm_version": 7])

        #expect(try await version.value == 7)
        #expect(try await check.value == CheckUserIDResult(legal: ["u1"], illegal: []))
        await harness.stop()
    }

    @Test func requestTimesOutWithoutAResponse() async throws {
        let harness = try SessionHarness(credentials: stored)
        let cloud = try await harness.nextConnection()
        try await harness.logInWithStoredCredentials(cloud)
        let client = harness.client

        let pending = Task { try await client.send(GetPermVersion()) }
        let request = try await cloud.expect("get_perm_version")
        await harness.clock.advance(by: .milliseconds(9_900))
        await settle()
        await harness.clock.advance(by: .milliseconds(100))
        await #expect(throws: WeComError.timeout(cmd: "get_perm_version", reqID: request.reqID)) {
            try await pending.value
        }
        cloud.reply(to: request, body: ["perm_version": 1])  // late: ignored
        // The unanswered request ended the connection (SessionTimeoutTests has the reconnect).
        await harness.recorder.waitFor(.waitingToReconnect(delay: .seconds(1)))
        await harness.stop()
    }

    @Test func pendingRequestFailsWhenTheSocketDrops() async throws {
        let harness = try SessionHarness(credentials: stored)
        let cloud = try await harness.nextConnection()
        try await harness.logInWithStoredCredentials(cloud)
        let client = harness.client
        let pending = Task { try await client.send(GetPermVersion()) }
        _ = try await cloud.expect("get_perm_version")
        cloud.drop()
        await #expect(throws: WeComError.connectionLost(cmd: "get_perm_version")) { try await pending.value }
        await harness.stop()
    }

    @Test func uploadUserInfoValidatesSendsAndReturnsFailList() async throws {
        let harness = try SessionHarness(credentials: stored)
        let cloud = try await harness.nextConnection()
        try await harness.logInWithStoredCredentials(cloud)
        let client = harness.client
        let userid = try UserID("zhangsan")

        let tooMany = UploadUserInfo(users: Array(repeating: .failure(userid: userid), count: 201))
        await #expect(
            throws: WeComError.invalidRequest(cmd: "upload_userinfo", reason: "userinfo: expected 1-200 users, got 201")
        ) {
            try await client.uploadUserInfo(tooMany)
        }
        await settle()
        #expect(await cloud.bufferedCount == 0, "an invalid upload must not be sent")

        let upload = UploadUserInfo(
            result: .success(operID: "op-1"),
            users: [
                UploadUserEntry(
                    userid: userid,
                    fingerprints: UploadTemplateSet(algorithm: .zfmModule, slots: [.store(id: 0, data: Data([9]))]))
            ])
        let result = Task { try await client.uploadUserInfo(upload) }
        let request = try await cloud.expect("upload_userinfo")
        #expect(request.body == (try upload.validatedBody()))
        cloud.reply(to: request, body: ["fail_list": [["userid": "zhangsan", "user_type": 0]]])
        #expect(try await result.value == UploadUserInfoResponse(errcode: 0, errmsg: "ok", failList: ["zhangsan"]))
        await harness.stop()
    }
}
