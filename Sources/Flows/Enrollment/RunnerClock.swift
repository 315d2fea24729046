/// A `Clock<Duration>` reduced to offsets from the instant the runner was made, so the machine can
/// work with plain `Duration`s whatever the clock's instant type.
struct RunnerClock: Sendable {
    /// Time since the origin.
    let now: @Sendable () -> Duration
    /// Sleep until the clock reaches `origin + offset`.
    let sleepUntil: @Sendable (Duration) async throws -> Void

    init(_ clock: any Clock<Duration>) {
        self = Self.make(clock)
    }

    private init(
        now: @escaping @Sendable () -> Duration, sleepUntil: @escaping @Sendable (Duration) async throws -> Void
    ) {
        self.now = now
        self.sleepUntil = sleepUntil
    }

    private static func make<C: Clock<Duration>>(_ clock: C) -> RunnerClock {
        let origin = clock.now
        return RunnerClock(
            now: { origin.duration(to: clock.now) },
            sleepUntil: { offset in try await clock.sleep(until: origin.advanced(by: offset), tolerance: nil) })
    }
}
