/// Exponential back-off for outbox retries: `base` seconds after the first failure, doubling, capped.
public struct RetryBackoff: Hashable, Sendable {
    /// Seconds after the first failure.
    public let base: Double
    /// Longest wait, in seconds.
    public let cap: Double

    public init(base: Double, cap: Double) {
        self.base = base
        self.cap = cap
    }

    /// 5 s doubling, at most 10 min.
    public static let standard = RetryBackoff(base: 5, cap: 600)

    /// Seconds to wait after the `attempts`-th failed attempt (1-based).
    public func delay(afterAttempts attempts: Int) -> Double {
        let exponent = max(0, min(attempts - 1, 62))
        let delay = base * Double(1 << exponent)
        return min(delay, cap)
    }
}
