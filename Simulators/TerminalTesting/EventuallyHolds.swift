/// Polls `condition` until it holds, at most `polls` times `interval` apart; true when it held.
///
/// The bound counts polls, not wall time: while other tests hold every thread of the cooperative pool
/// (two on two cores), neither the poller nor the code it waits for runs, and a wall-clock bound would
/// expire without one fair look. The bound only keeps a broken build from hanging.
public func eventuallyHolds(
    upTo polls: Int = 3_000, every interval: Duration = .milliseconds(10), _ condition: () async -> Bool
) async -> Bool {
    for _ in 0..<polls {
        if await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return await condition()
}
