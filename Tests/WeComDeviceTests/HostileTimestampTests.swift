import Foundation
import JSONSupport
import Testing

@testable import WeComDevice

/// `get_timestamp` answered with values no clock has: the session never traps, signs with the local clock
/// (the harness's wall clock is 1_700_000_000) and logs in; a later reconnect does the same.
@Suite(.timeLimit(.minutes(5))) struct HostileTimestampTests {
    static let hostileTimestamps: [JSONValue] = [
        .integer(.min), .integer(.min + 1), .integer(.max), .integer(-1), .integer(0), .integer(1_514_764_799),
        .integer(4_294_967_296), .double(1e300), .double(-1e300), .double(-0.0), .double(1.5), .double(9.1e15),
        .string("NaN"), .string("nan"), .string("Infinity"), .string("-inf"), .string("1e300"), .string("0x7fffffff"),
        .string("+1700000000"), .string("-9223372036854775808"), .string("-9223372036854775809"),
        .string("99999999999999999999999999"), .string(""), .string(" "), .string("١٧٠٠٠٠٠٠٠٠"), .null, .bool(true),
        .array([.integer(1_700_000_000)]), .object(["timestamp": .integer(1_700_000_000)]),
    ]

    private func registerTimestamp(_ request: RequestEnvelope) throws -> Int64 {
        guard case .integer(let value)? = request.body?["timestamp"] else {
            throw FrameError.wrongType(
                field: "timestamp", expected: "integer", found: "\(String(describing: request.body))")
        }
        return value
    }

    @Test(arguments: hostileTimestamps)
    func anUnusableTimestampSignsWithTheLocalClockAndLogsIn(answer: JSONValue) async throws {
        let harness = try SessionHarness()
        let cloud = try await harness.nextConnection()
        cloud.reply(to: try await cloud.expect("get_timestamp"), body: ["timestamp": answer])
        let register = try await cloud.expect("register")
        #expect(try registerTimestamp(register) == 1_700_000_000)
        cloud.reply(to: register, body: ["active_code": "AC"])
        cloud.reply(to: try await cloud.expect("active"), body: ["secret": "S"])
        cloud.reply(to: try await cloud.expect("subscribe_corp"))
        await harness.recorder.waitFor(.loggedIn)
        await harness.stop()
    }

    @Test func theOffsetIsDroppedWhenAReconnectGetsAnUnusableTimestampAndNothingTraps() async throws {
        let harness = try SessionHarness()
        let first = try await harness.nextConnection()
        first.reply(to: try await first.expect("get_timestamp"), body: ["timestamp": 1_700_000_120])
        #expect(try registerTimestamp(try await first.expect("register")) == 1_700_000_120)
        first.drop()
        await harness.recorder.waitFor(.waitingToReconnect(delay: .seconds(1)))
        await harness.clock.advance(by: .seconds(1))

        let second = try await harness.nextConnection()
        second.reply(to: try await second.expect("get_timestamp"), body: ["timestamp": .integer(.min)])
        let register = try await second.expect("register")
        #expect(try registerTimestamp(register) == 1_700_000_000)
        second.reply(to: register, body: ["active_code": "AC"])
        second.reply(to: try await second.expect("active"), body: ["secret": "S"])
        second.reply(to: try await second.expect("subscribe_corp"))
        await harness.recorder.waitFor(.loggedIn)
        second.drop()
        // A login does not reset the back-off; only 60 s logged in would.
        await harness.recorder.waitFor(.waitingToReconnect(delay: .seconds(2)))
        await harness.clock.advance(by: .seconds(2))

        let third = try await harness.nextConnection()
        third.reply(to: try await third.expect("get_timestamp"), body: ["timestamp": .integer(.max)])
        third.reply(to: try await third.expect("subscribe_corp"))
        await harness.recorder.waitFor(.loggedIn)
        let client = harness.client
        let version = Task { try await client.send(GetPermVersion()) }
        third.reply(to: try await third.expect("get_perm_version"), body: ["perm_version": 7])
        #expect(try await version.value == 7)
        await harness.stop()
    }

    @Test func theTimestampDecoderNamesTheFieldAndItsRange() throws {
        let response = ResponseEnvelope(reqID: "r", body: ["timestamp": .integer(.min)])
        #expect(
            throws: WeComError.invalidResponse(
                cmd: "get_timestamp",
                .invalidValue(
                    field: "body.timestamp",
                    reason:
                        "expected Unix seconds from 2018 as a Uint32 (1514764800-4294967295), got -9223372036854775808")
            )
        ) { try GetTimestamp().decodeResponse(response) }
        #expect(
            try GetTimestamp().decodeResponse(ResponseEnvelope(reqID: "r", body: ["timestamp": "1700000000"]))
                == 1_700_000_000)
    }

    @Test func theServerClockChecksItsOwnArithmetic() throws {
        let wall = Date(timeIntervalSince1970: 1_700_000_000.9)
        var clock = ServerClock()
        try clock.synchronise(serverTime: 1_700_000_120, wallClock: wall)
        #expect(clock.offsetSeconds == 120)
        #expect(clock.now(wallClock: wall) == 1_700_000_120)

        // A wall clock at Int64.min: server time minus it overflows; the local clock stays in charge.
        let farPast = Date(timeIntervalSince1970: -9_223_372_036_854_775_808)
        #expect(throws: WeComError.self) { try clock.synchronise(serverTime: 4_294_967_295, wallClock: farPast) }
        #expect(clock.offsetSeconds == 0)
        #expect(clock.now(wallClock: farPast) == .min)

        // Wall clocks that are not whole seconds in 64 bits.
        for broken in [Date(timeIntervalSince1970: .nan), Date(timeIntervalSince1970: 1e300), .distantFuture + 1e20] {
            #expect(throws: WeComError.self) { try clock.synchronise(serverTime: 1_700_000_000, wallClock: broken) }
            #expect(clock.now(wallClock: broken) == 0)
        }

        // Applying a (valid) offset to a wall clock near Int64.max falls back to the wall clock.
        try clock.synchronise(serverTime: 4_294_967_295, wallClock: Date(timeIntervalSince1970: 0))
        let farFuture = Date(timeIntervalSince1970: 9_223_372_036_854_773_760)  // 2^63 - 2048, exact
        #expect(clock.offsetSeconds == 4_294_967_295)
        #expect(clock.now(wallClock: farFuture) == 9_223_372_036_854_773_760)
    }
}
