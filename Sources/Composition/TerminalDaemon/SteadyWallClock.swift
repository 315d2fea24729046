import Foundation
import Measuring
import Synchronization

/// The wall clock as the outbox schedules by it within one process: never earlier than the last
/// reading plus the monotonic time since, so a wall clock stepped back cannot lengthen a back-off or
/// a result window (a step forward is followed: waits only get shorter). Values read back from the
/// store after a restart are bounded separately (`TerminalStore.clampSchedules`).
final class SteadyWallClock: Sendable {
    private let wall: @Sendable () -> Date
    private let elapsed: @Sendable () -> Duration
    private let last: Mutex<(wall: Date, elapsed: Duration)?> = Mutex(nil)

    init(wall: @escaping @Sendable () -> Date, clock: any Clock<Duration>) {
        self.wall = wall
        self.elapsed = Self.elapsedSinceNow(on: clock)
    }

    /// `max(wall, last reading + monotonic time since it)`.
    func now() -> Date {
        let wallNow = wall()
        let monotonic = elapsed()
        return last.withLock { last in
            var now = wallNow
            if let previous = last {
                let steady = previous.wall.addingTimeInterval((monotonic - previous.elapsed).seconds)
                now = max(wallNow, steady)
            }
            last = (now, monotonic)
            return now
        }
    }

    private static func elapsedSinceNow<C: Clock<Duration>>(on clock: C) -> @Sendable () -> Duration {
        let start = clock.now
        return { start.duration(to: clock.now) }
    }
}
