import Biometrics
import Foundation
import Testing
import WeComDevice

@Suite(.timeLimit(.minutes(5))) struct SessionRecoveryTests {
    @Test func storedSecretNoSkipsGetSecretNo() async throws {
        let harness = try SessionHarness(key: .seedSecretNo("SEED"), credentials: DeviceCredentials(secretNo: "SNO-9"))
        let cloud = try await harness.nextConnection()
        cloud.reply(to: try await cloud.expect("get_timestamp"), body: ["timestamp": 1_700_000_000])
        let register = try await cloud.expect("register")
        guard case .integer(let nonce)? = register.body?["nonce"] else {
            Issue.record("nonce is not a JSON integer")
            return
        }
        #expect(
            register.body?["device_signature"]
                == .string(
                    DeviceSignature.sign(
                        sn: "SN-0001", key: "SNO-9", timestamp: 1_700_000_000, nonce: nonce, constant: "register")))
        await harness.stop()
    }

    @Test func notRegisteredForgetsCredentialsAndRegistersAfterReconnect() async throws {
        let harness = try SessionHarness(credentials: DeviceCredentials(activeCode: "AC", secret: "S"))
        let first = try await harness.nextConnection()
        first.reply(to: try await first.expect("get_timestamp"), body: ["timestamp": 1_700_000_000])
        first.reply(to: try await first.expect("subscribe_corp"), errcode: 600014, errmsg: "not registered")
        await harness.recorder.waitFor(.waitingToReconnect(delay: .seconds(1)))
        #expect(await harness.store.credentials == DeviceCredentials())
        await harness.clock.advance(by: .seconds(1))
        let second = try await harness.nextConnection()
        second.reply(to: try await second.expect("get_timestamp"), body: ["timestamp": 1_700_000_000])
        second.reply(to: try await second.expect("register"), body: ["active_code": "AC-2"])
        #expect(try await second.expect("active").body == ["active_code": "AC-2"])
        await harness.stop()
    }

    @Test func invalidActiveCodeRegistersAgainOnTheSameConnection() async throws {
        let harness = try SessionHarness(credentials: DeviceCredentials(activeCode: "STALE"))
        let cloud = try await harness.nextConnection()
        cloud.reply(to: try await cloud.expect("get_timestamp"), body: ["timestamp": 1_700_000_000])
        cloud.reply(to: try await cloud.expect("active"), errcode: 600003, errmsg: "invalid active code")
        cloud.reply(to: try await cloud.expect("register"), body: ["active_code": "FRESH"])
        #expect(try await cloud.expect("active").body == ["active_code": "FRESH"])
        #expect(harness.transport.urls.count == 1)
        await harness.stop()
    }

    @Test func notLoggedInAnswerToACallerRestartsTheSession() async throws {
        let harness = try SessionHarness(credentials: DeviceCredentials(activeCode: "AC", secret: "S"))
        let cloud = try await harness.nextConnection()
        try await harness.logInWithStoredCredentials(cloud)
        let client = harness.client
        let version = Task { try await client.send(GetPermVersion()) }
        cloud.reply(to: try await cloud.expect("get_perm_version"), errcode: 600020, errmsg: "not login")
        await #expect(throws: WeComError.cloudError(cmd: "get_perm_version", errcode: 600020, errmsg: "not login")) {
            try await version.value
        }
        await harness.recorder.waitFor(.waitingToReconnect(delay: .seconds(1)))
        await harness.clock.advance(by: .seconds(1))
        try await harness.logInWithStoredCredentials(try await harness.nextConnection())
        await harness.stop()
    }
}

@Suite struct DirectoryRequestTests {
    @Test func getUserInfoByIDsBodyAndResponse() throws {
        let request = GetUserInfoByIDs(users: [
            UserRef(userid: try UserID("a")), UserRef(userid: try UserID("v/1"), userType: .visitor),
        ])
        #expect(
            try request.body()
                == [
                    "user_item": [["userid": "a", "user_type": 0], ["userid": "v/1", "user_type": 1]],
                    "is_req_fp_info": 1, "is_req_fa_info": 1,
                ])
        let response = ResponseEnvelope(
            reqID: "r",
            body: [
                "userinfo": [
                    [
                        "userid": "a", "user_type": 0, "name": "A", "fp_alogrithm": "zfm-module-char-v1",
                        "fp": [["id": "3", "data": "AQID"], ["id": 4, "data": ""]],
                        "fa_list": [["id": 11, "data": "BA=="]],
                    ]
                ]
            ])
        let list = try request.decodeResponse(response)
        #expect(list.permVersion == nil)
        let users = list.users
        #expect(users.count == 1)
        #expect(users[0].fingerprintAlgorithm == .zfmModule)
        #expect(users[0].faceAlgorithm == .default)
        #expect(users[0].fingerprints == [3: Data([1, 2, 3])])
        #expect(users[0].faces == [11: Data([4])])

        let badSlot = ResponseEnvelope(
            reqID: "r", body: ["userinfo": [["userid": "a", "fp": [["id": 10, "data": "AQID"]]]]])
        #expect(
            throws: WeComError.invalidResponse(
                cmd: "get_userinfo_by_ids",
                .invalidValue(field: "body.userinfo[0].fp[0].id", reason: "expected 0-9, got 10"))
        ) { try request.decodeResponse(badSlot) }
        #expect(
            throws: WeComError.invalidRequest(
                cmd: "get_userinfo_by_ids", reason: "user_item: expected 1-200 users, got 0")
        ) {
            try GetUserInfoByIDs(users: []).body()
        }
    }

    @Test func cloudErrorsAreThrownForOrdinaryRequests() {
        let response = ResponseEnvelope(reqID: "r", errcode: 600021, errmsg: "nope")
        #expect(throws: WeComError.cloudError(cmd: "get_perm_version", errcode: 600021, errmsg: "nope")) {
            try GetPermVersion().decodeResponse(response)
        }
        #expect(throws: WeComError.invalidResponse(cmd: "get_perm_version", .missingField("body.perm_version"))) {
            try GetPermVersion().decodeResponse(ResponseEnvelope(reqID: "r"))
        }
    }
}

@Suite struct UserInfoPageTests {
    @Test func pageRequestAndResponse() throws {
        let request = GetUserInfoByPage(offset: 200)
        #expect(try request.body() == ["offset": 200, "limit": 200, "is_req_fp_info": 1, "is_req_fa_info": 1])
        #expect(
            throws: WeComError.invalidRequest(cmd: "get_userinfo_by_page", reason: "limit: expected 1-200, got 201")
        ) {
            try GetUserInfoByPage(offset: 0, limit: 201).body()
        }
        let page = try request.decodeResponse(
            ResponseEnvelope(reqID: "r", body: ["is_last": 1, "perm_version": "12", "userinfo": [["userid": "a"]]]))
        #expect(page.isLast && page.permVersion == 12 && page.users.map(\.userid.rawValue) == ["a"])
        #expect(throws: WeComError.invalidResponse(cmd: "get_userinfo_by_page", .missingField("body.perm_version"))) {
            try request.decodeResponse(ResponseEnvelope(reqID: "r", body: ["is_last": true]))
        }
    }
}
