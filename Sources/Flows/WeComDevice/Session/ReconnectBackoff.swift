/// Reconnect delays: `initial`, doubling per failed attempt up to `maximum`, each spread by ±`jitter`.
struct ReconnectBackoff {
    let initial: Duration
    let maximum: Duration
    let jitter: Double
    private var attempt = 0

    init(initial: Duration, maximum: Duration, jitter: Double) {
        self.initial = initial
        self.maximum = maximum
        self.jitter = jitter
    }

    /// The delay before the next attempt; grows the following one.
    mutating func next() -> Duration {
        var base = initial
        for _ in 0..<attempt where base < maximum { base *= 2 }
        base = min(base, maximum)
        attempt += 1
        guard jitter > 0 else { return base }
        let factor = 1 + Double.random(in: -jitter...jitter)
        return min(base * factor, maximum)
    }

    /// After a successful login the next drop starts again at `initial`.
    mutating func reset() { attempt = 0 }
}
