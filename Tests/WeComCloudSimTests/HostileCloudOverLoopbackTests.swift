import Biometrics
import Foundation
import JSONSupport
import Testing
import WeComDevice
import WeComDeviceTesting

@testable import WeComCloudSim

/// The real `WeComClient` over a loopback WebSocket against a simulator that answers and pushes what no
/// real cloud should: timestamps at the Int64 extremes, hostile JSON, frames over the message budget. The
/// session never traps; it drops what it cannot use and keeps working (reconnecting where the socket went).
@Suite("Hostile cloud over loopback", .timeLimit(.minutes(5)))
struct HostileCloudOverLoopbackTests {
    @Test func aTimestampNearInt64MinLogsInKeepsWorkingAndSurvivesReconnects() async throws {
        try await HostileCloudWorld.run(faults: CloudFaults(timestampAnswer: .integer(.min))) { world in
            await world.states.waitForLogins(1)
            #expect(try await world.client.send(GetPermVersion()) == Int64(await world.simulator.currentPermVersion()))
            for (login, answer) in [(2, JSONValue.integer(.max)), (3, .string("NaN")), (4, .double(-1e300))] {
                try await world.simulator.setFaults(CloudFaults(timestampAnswer: answer))
                try await world.simulator.dropConnection(sn: world.fixture.sn)
                await world.states.waitForLogins(login)
                #expect(try await world.client.send(GetPermVersion()) >= 1, "after get_timestamp \(answer)")
            }
        }
    }

    @Test func hostilePushesAreDroppedOrInvalidAndTheNextPushWorks() async throws {
        try await HostileCloudWorld.run { world in
            await world.states.waitForLogins(1)
            let sn = world.fixture.sn
            // Frames over a JSON budget, and JSON that is not quite JSON: dropped, never published.
            try await world.simulator.sendRawText(to: sn, String(repeating: "[", count: 100_000))
            try await world.simulator.sendRawText(
                to: sn,
                #"{"cmd":"push_change_contact","body":{"perm_version":1,"delete_user":["#
                    + String(repeating: "0,", count: WireBudget.json.maxValues) + "0]}}")
            try await world.simulator.sendRawText(
                to: sn, #"{"cmd":"push_x","body":{"s":""# + String(repeating: "x", count: 2 << 20) + #""}}"#)
            try await world.simulator.sendRawText(to: sn, #"{"cmd":"push_x","body":{"n":-1e400}}"#)
            // Well-formed frames with hostile integers: published as invalid, naming the field.
            for permVersion in [#"-9223372036854775808"#, #""-1""#, #""1e300""#, #""99999999999999999999""#] {
                try await world.simulator.sendRawText(
                    to: sn, #"{"cmd":"push_change_contact","body":{"perm_version":\#(permVersion)}}"#)
            }
            let photos = (0..<13).map { #"{"id":\#($0 % 12),"media_id":"m"}"# }.joined(separator: ",")
            try await world.simulator.sendRawText(
                to: sn, #"{"cmd":"push_user_face","body":{"oper_id":"o","userid":"u","face_info":[\#(photos)]}}"#)
            try await world.simulator.sendRawText(
                to: sn, #"{"cmd":"push_change_contact","body":{"perm_version":"9","timestamp":1767225600}}"#)

            var invalidFields: [String] = []
            while let push = await world.pushes.next() {
                if case .invalid(_, let reason) = push {
                    invalidFields.append(String(reason.description.prefix { $0 != ":" }))
                    continue
                }
                #expect(
                    push
                        == .changeContact(
                            ContactChange(
                                timestamp: 1_767_225_600, permVersion: 9, created: [], updated: [], deleted: [])))
                break
            }
            #expect(invalidFields == Array(repeating: "body.perm_version", count: 4) + ["body.face_info"])
            #expect(try await world.client.send(GetPermVersion()) >= 1)
            #expect(await world.states.logins == 1, "hostile frames must not cost the connection")
        }
    }

    @Test func aFrameOverTheMessageBudgetClosesTheSocketAndTheSessionReconnects() async throws {
        try await HostileCloudWorld.run { world in
            await world.states.waitForLogins(1)
            try await world.simulator.sendRawText(
                to: world.fixture.sn, String(repeating: " ", count: WireBudget.maxMessageBytes) + "{}")
            await world.states.waitForLogins(2)
            #expect(try await world.client.send(GetPermVersion()) >= 1)
        }
    }

    @Test func theSimulatorComparesAnySignatureTimestampWithoutTrapping() async throws {
        try await withSimulator { simulator, port, _ in
            let fixture = DeviceFixture()
            try await withDevice(port: port) { device in
                for timestamp in [String(repeating: "9", count: 400), "99999999999999999999", "0"] {
                    let answer = try await device.request(
                        "register",
                        body: [
                            "sn": .string(fixture.sn), "device_signature": .string(String(repeating: "0", count: 40)),
                            "timestamp": .string(timestamp), "nonce": 1,
                        ])
                    #expect(answer["errcode"] == .integer(Int64(CloudErrorCode.timestampExpired)), "\(timestamp)")
                }
            }
            _ = simulator
        }
    }
}

/// A simulator with one bound device and a `WeComClient` logging in to it over a loopback WebSocket,
/// reconnecting within milliseconds.
final class HostileCloudWorld: Sendable {
    let simulator: CloudSimulator
    let client: WeComClient
    let fixture = DeviceFixture()
    let states = LoginCounter()
    let pushes: PushQueue
    private let runTask: Task<Void, Never>
    private let stateTask: Task<Void, Never>

    private init(simulator: CloudSimulator, client: WeComClient) {
        self.simulator = simulator
        self.client = client
        pushes = PushQueue(client.pushes)
        runTask = Task { await client.run() }
        let states = states
        stateTask = Task { for await state in client.states { await states.record(state) } }
    }

    static func run(faults: CloudFaults = CloudFaults(), _ body: (HostileCloudWorld) async throws -> Void) async throws
    {
        try await withSimulator { simulator, port, wallClock in
            let fixture = DeviceFixture()
            try await simulator.bind(sn: fixture.sn)
            try await simulator.setFaults(faults)
            let configuration = try WeComClientConfiguration(
                endpoint: URL(string: "ws://127.0.0.1:\(port)/websocket")!, sn: fixture.sn,
                key: .secretNo(fixture.secretNo), firmwareVersion: fixture.firmware,
                fingerprintAlgorithms: [.zfmModule], reconnectInitialDelay: .milliseconds(20),
                reconnectMaxDelay: .milliseconds(100), reconnectJitter: 0)
            let client = WeComClient(
                configuration: configuration, credentials: InMemoryCredentialStore(), wallClock: { wallClock.now() },
                logger: quietLogger)
            let world = HostileCloudWorld(simulator: simulator, client: client)
            do {
                try await body(world)
            } catch {
                await world.stop()
                throw error
            }
            await world.stop()
        }
    }

    private func stop() async {
        runTask.cancel()
        await runTask.value
        await stateTask.value
    }
}

/// Counts how often the session reached `.loggedIn`.
actor LoginCounter {
    private(set) var logins = 0

    func record(_ state: SessionState) {
        if state == .loggedIn { logins += 1 }
    }

    /// Waits (polling in real time, giving up after 60 s with a recorded issue) until `count` logins happened.
    func waitForLogins(_ count: Int, sourceLocation: SourceLocation = #_sourceLocation) async {
        let deadline = ContinuousClock.now + .seconds(60)
        while logins < count {
            guard ContinuousClock.now < deadline else {
                Issue.record("only \(logins) of \(count) logins happened", sourceLocation: sourceLocation)
                return
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}
