import Biometrics
import Foundation

/// The time a passage is dated with: the wall clock, unless the cloud's clock (`get_timestamp` at the
/// last login) says it is far off; nil when neither can be trusted (the passage waits, undated).
enum PassageTime {
    /// A wall clock this far from the cloud's is wrong (an RTC without battery, a bad NTP step): passages
    /// take the cloud's time. Closer than this, the wall clock is kept (the cloud's answer is whole seconds
    /// and a round trip old).
    static let farOff: Int64 = 300

    static func now(wall: Date, cloudOffsetSeconds: Int64?) -> Date? {
        if let offset = cloudOffsetSeconds, offset.magnitude > farOff.magnitude {
            let corrected = wall.addingTimeInterval(TimeInterval(offset))
            return SaneWallClock.isSane(corrected) ? corrected : nil
        }
        return SaneWallClock.isSane(wall) ? wall : nil
    }
}
