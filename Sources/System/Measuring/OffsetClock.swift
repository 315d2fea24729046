/// A `Clock<Duration>` reduced to offsets from the instant it was made, so a state machine or loop can
/// work with plain `Duration`s whatever the clock's instant type.
public struct OffsetClock: Sendable {
    /// Time since the origin.
    public let now: @Sendable () -> Duration
    /// Sleep until the clock reaches `origin + offset`.
    public let sleepUntil: @Sendable (Duration) async throws -> Void

    public init(_ clock: any Clock<Duration>) {
        self = Self.make(clock)
    }

    private init(
        now: @escaping @Sendable () -> Duration, sleepUntil: @escaping @Sendable (Duration) async throws -> Void
    ) {
        self.now = now
        self.sleepUntil = sleepUntil
    }

    private static func make<C: Clock<Duration>>(_ clock: C) -> OffsetClock {
        let origin = clock.now
        return OffsetClock(
            now: { origin.duration(to: clock.now) },
            sleepUntil: { offset in try await clock.sleep(until: origin.advanced(by: offset), tolerance: nil) })
    }
}
