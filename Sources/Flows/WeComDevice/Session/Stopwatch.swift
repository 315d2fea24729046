/// Time elapsed on an injected clock since the value was made.
struct Stopwatch: Sendable {
    let elapsed: @Sendable () -> Duration

    init(clock: any Clock<Duration>) {
        self = Self.make(clock)
    }

    private init(elapsed: @escaping @Sendable () -> Duration) { self.elapsed = elapsed }

    private static func make<C: Clock>(_ clock: C) -> Stopwatch where C.Duration == Duration {
        let start = clock.now
        return Stopwatch(elapsed: { start.duration(to: clock.now) })
    }
}
