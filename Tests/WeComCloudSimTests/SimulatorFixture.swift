import Foundation
import JSONSupport

@testable import WeComCloudSim

/// Runs `body` against a started, empty simulator with a manual wall clock at `testEpoch`; stops it afterwards.
func withEmptySimulator(_ body: (CloudSimulator, Int, ManualCloudWallClock) async throws -> Void) async throws {
    let wallClock = ManualCloudWallClock(start: testEpoch)
    let simulator = CloudSimulator(wallClock: wallClock, logger: quietLogger)
    let port = try await simulator.start(host: "127.0.0.1", port: 0)
    do {
        try await body(simulator, port, wallClock)
    } catch {
        await simulator.stop()
        throw error
    }
    await simulator.stop()
}

/// Like `withEmptySimulator`, with one device (`DeviceFixture()`) and the members zhangsan and lisi.
func withSimulator(_ body: (CloudSimulator, Int, ManualCloudWallClock) async throws -> Void) async throws {
    try await withEmptySimulator { simulator, port, wallClock in
        let fixture = DeviceFixture()
        try await simulator.addDevice(sn: fixture.sn, secretNo: fixture.secretNo)
        try await simulator.addMember(userid: "zhangsan", userType: 0, name: "Zhang San")
        try await simulator.addMember(userid: "lisi", userType: 0, name: "Li Si")
        try await body(simulator, port, wallClock)
    }
}

/// An `upload_userinfo` body answering `operID` successfully with one fingerprint template.
func successResult(operID: String, userid: String = "zhangsan", slot: Int64 = 0, seed: UInt32 = 7) -> JSONValue {
    [
        "oper_id": .string(operID), "errcode": 0, "errmsg": "ok",
        "userinfo": [
            [
                "userid": .string(userid), "user_type": 0, "fp_algorithm": "zfm-module-char-v1",
                "fp": [["id": .integer(slot), "data": .string(templateBase64(seed: seed))]],
            ]
        ],
    ]
}
