/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny, fast, deterministic generator, so that a seed gives the
/// same sequence on every run and platform (synthetic galleries, simulated presses, test data, key mixing).
/// Not for secrets.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The golden-ratio increment added to the state at each step.
    static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    private var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= Self.increment
        return Self.mix(state)
    }

    /// A step that also folds `word` into the state (the state advances, then is XORed with `word`), for
    /// mixing key material into a seed; `next(absorbing: 0)` equals `next()`.
    public mutating func next(absorbing word: UInt64) -> UInt64 {
        state = (state &+ Self.increment) ^ word
        return Self.mix(state)
    }

    /// The SplitMix64 output function: a bijective 64-bit finaliser.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
