/// A sleep whose deadline is fixed when the value is made, not when the sleeping task gets to run.
struct Deadline: Sendable {
    let wait: @Sendable () async throws -> Void

    init(clock: any Clock<Duration>, after duration: Duration) {
        self = Self.make(clock, duration)
    }

    private init(wait: @escaping @Sendable () async throws -> Void) { self.wait = wait }

    private static func make<C: Clock>(_ clock: C, _ duration: Duration) -> Deadline where C.Duration == Duration {
        let deadline = clock.now.advanced(by: duration)
        return Deadline(wait: { try await clock.sleep(until: deadline, tolerance: nil) })
    }
}
