import Foundation

/// Signature timestamps on the cloud's clock: the wall clock plus the offset `get_timestamp` reported.
///
/// Every step is checked, so no answer from the cloud (and no wall clock) can trap: a server time the
/// decoder refused, or an offset that does not fit, leaves the local clock in charge (offset 0).
struct ServerClock: Sendable {
    /// Server time minus wall-clock time, in seconds; 0 (the local clock) until a usable answer.
    private(set) var offsetSeconds: Int64 = 0
    /// Whether `offsetSeconds` came from a usable `get_timestamp` answer.
    private(set) var synchronised = false

    /// Signs with the local clock from now on.
    mutating func useLocalClock() {
        offsetSeconds = 0
        synchronised = false
    }

    /// Adopts `serverTime` (already checked against `ProtocolLimits.serverClockSeconds`) as the time at
    /// `wallClock`. On an error the local clock is in charge.
    mutating func synchronise(serverTime: Int64, wallClock: Date) throws(WeComError) {
        offsetSeconds = 0
        synchronised = false
        guard let wall = Self.seconds(wallClock) else {
            throw .invalidResponse(
                cmd: GetTimestamp.cmd,
                .invalidValue(
                    field: "body.timestamp",
                    reason:
                        "no offset: the local clock (\(wallClock.timeIntervalSince1970)) is not whole seconds in 64 bits"
                ))
        }
        let (offset, overflow) = serverTime.subtractingReportingOverflow(wall)
        guard !overflow else {
            throw .invalidResponse(
                cmd: GetTimestamp.cmd,
                .invalidValue(
                    field: "body.timestamp", reason: "\(serverTime) minus the local clock (\(wall)) overflows 64 bits"))
        }
        offsetSeconds = offset
        synchronised = true
    }

    /// Unix seconds on the server's clock at `wallClock`: the wall clock alone if adding the offset would
    /// overflow, 0 if the wall clock itself is not whole seconds in 64 bits (the cloud then refuses the
    /// signature; nothing traps).
    func now(wallClock: Date) -> Int64 {
        guard let wall = Self.seconds(wallClock) else { return 0 }
        let (sum, overflow) = wall.addingReportingOverflow(offsetSeconds)
        return overflow ? wall : sum
    }

    /// Whole Unix seconds (rounded down), if they fit in 64 bits.
    static func seconds(_ date: Date) -> Int64? {
        Int64(exactly: date.timeIntervalSince1970.rounded(.down))
    }
}
