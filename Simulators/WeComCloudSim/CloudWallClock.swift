import Foundation
import Synchronization

/// Source of the simulator's wall-clock time (signature timestamps, push times, the 60 s result limit).
public protocol CloudWallClock: Sendable {
    /// The current time.
    func now() -> Date
}

/// The machine's real time.
public struct SystemCloudWallClock: CloudWallClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A wall clock that only moves when told to; lets tests make a result arrive "late" instantly.
public final class ManualCloudWallClock: CloudWallClock {
    private let current: Mutex<Date>

    /// Starts at `start`.
    public init(start: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
        current = Mutex(start)
    }

    public func now() -> Date { current.withLock { $0 } }

    /// Moves the clock forward by `seconds`.
    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 += seconds }
    }

    /// Sets the clock to `date`.
    public func set(_ date: Date) {
        current.withLock { $0 = date }
    }
}
