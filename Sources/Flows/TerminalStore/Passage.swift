import Biometrics
import Foundation

/// A passage as the recognition loop hands it over, before it is stored.
public struct PassageDraft: Sendable, Hashable {
    public var userid: UserID
    public var userType: UserType
    /// How the person was recognised.
    public var modality: Modality
    public var direction: PassDirection
    /// The wall time of the verdict, nil when the wall clock was not sane then (before `SaneWallClock.earliest`).
    public var at: Date?
    /// Seconds since boot at the verdict (`CLOCK_BOOTTIME`), with `bootID`: dates the passage once the clock is sane.
    public var uptime: Double
    public var bootID: String

    public init(
        userid: UserID, userType: UserType, modality: Modality, direction: PassDirection = .unknown, at: Date?,
        uptime: Double, bootID: String
    ) {
        self.userid = userid
        self.userType = userType
        self.modality = modality
        self.direction = direction
        self.at = at
        self.uptime = uptime
        self.bootID = bootID
    }
}

/// A stored passage.
public struct StoredPassage: Sendable, Hashable {
    public var id: Int64
    public var userid: UserID
    public var userType: UserType
    public var modality: Modality
    public var direction: PassDirection
    /// Nil while undated (the clock was not sane and has not been since, in the same boot).
    public var at: Date?
    public var attempts: Int
    public var acknowledgedAt: Date?
    public var lastErrcode: Int?
    public var lastErrmsg: String?
}

/// How many passages the store keeps, acknowledged ones included (oldest acknowledged go first; an
/// unacknowledged one is never dropped).
public struct PassageHistory: Sendable, Hashable {
    public var limit: Int

    public init(limit: Int) { self.limit = limit }

    /// 100,000 passages.
    public static let standard = PassageHistory(limit: 100_000)
}
