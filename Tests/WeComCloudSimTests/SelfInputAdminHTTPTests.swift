import Foundation
import JSONSupport
import Testing

@testable import WeComCloudSim

/// `POST /admin/self_input`: the enterprise's self-enrollment switches, pushed to its logged-in devices.
@Suite("Self-enrollment switches admin HTTP API", .timeLimit(.minutes(5)))
struct SelfInputAdminHTTPTests {
    @Test func settingTheSwitchesPushesThemToTheLoggedInDevice() async throws {
        try await withSimulator { simulator, port, _ in
            let admin = AdminClient(port: port)
            #expect(try await admin.call("GET", "/admin/self_input").json == ["fa": false, "fp": false])
            // No device online yet: set, but pushed to nobody.
            let offline = try await admin.call("POST", "/admin/self_input", json: ["fp": false, "fa": true])
            #expect(offline.status == 200)
            #expect(offline.json["pushed_to"] == [])
            try await withDevice(port: port) { device in
                try await device.logIn(DeviceFixture(), simulator: simulator, now: testEpoch)
                let set = try await admin.call("POST", "/admin/self_input", json: ["fp": true, "fa": false])
                #expect(set.status == 200)
                #expect(set.json == ["fp": true, "fa": false, "pushed_to": [.string(DeviceFixture().sn)]])
                let push = try await device.nextPush()
                #expect(push["cmd"] == "push_open_self_input")
                #expect(push["body"] == ["open_self_input_fp": true, "open_self_input_fa": false])
                #expect(await simulator.selfInputSwitches() == CloudSelfInputSwitches(fp: true, fa: false))
                #expect(try await admin.call("GET", "/admin/self_input").json == ["fa": false, "fp": true])
            }
        }
    }

    @Test func bothSwitchesAreRequiredBooleans() async throws {
        try await withSimulator { simulator, port, _ in
            let admin = AdminClient(port: port)
            let missing = try await admin.call("POST", "/admin/self_input", json: ["fp": true])
            #expect(missing.status == 400)
            #expect(missing.json["field"] == "fa")
            let notBool = try await admin.call("POST", "/admin/self_input", json: ["fp": 1, "fa": false])
            #expect(notBool.status == 400)
            #expect(notBool.json["field"] == "fp")
            #expect(notBool.json["error"]?.stringValue?.contains("true or false, got 1") == true)
            #expect(await simulator.selfInputSwitches() == CloudSelfInputSwitches())
        }
    }
}
