/// Reconnect delays: `initial`, doubling per failed attempt up to `maximum`, each spread by ±`jitter`.
/// The delay stops growing at `maximum` (it is never doubled past it), so no number of attempts overflows.
struct ReconnectBackoff {
    let initial: Duration
    let maximum: Duration
    let jitter: Double
    private var current: Duration

    init(initial: Duration, maximum: Duration, jitter: Double) {
        self.initial = initial
        self.maximum = maximum
        self.jitter = jitter
        current = min(initial, maximum)
    }

    /// The delay before the next attempt; grows the following one.
    mutating func next() -> Duration {
        let base = current
        current = base > maximum / 2 ? maximum : base * 2
        guard jitter > 0 else { return base }
        let factor = 1 + Double.random(in: -jitter...jitter)
        return min(base * factor, maximum)
    }

    /// After a successful login the next drop starts again at `initial`.
    mutating func reset() { current = min(initial, maximum) }
}
