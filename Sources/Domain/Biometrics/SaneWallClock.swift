import Foundation

/// The earliest wall time the terminal treats as set: 2018-01-01T00:00:00Z. The cloud drops check-ins from
/// before it (DOC 93985) and a server clock earlier than it is broken, so a clock reading earlier means
/// "not set yet" (a terminal without a battery-backed clock starts in 1970).
public enum SaneWallClock {
    public static let earliestUnixSeconds: Int64 = 1_514_764_800
    public static let earliest = Date(timeIntervalSince1970: TimeInterval(earliestUnixSeconds))

    public static func isSane(_ date: Date) -> Bool { date >= earliest }
}
