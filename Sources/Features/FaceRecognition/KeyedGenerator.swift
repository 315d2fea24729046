import Biometrics

/// Deterministic pseudo-random numbers from a 32-byte key: xoshiro256** whose state is the key mixed
/// through SplitMix64 with a domain label. Only integer and exactly-rounded arithmetic is used, so every
/// platform derives the same projection from the same key.
struct KeyedGenerator {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    init(key: [UInt8], domain: UInt64) {
        precondition(key.count == 32, "key must be 32 bytes")
        var words = [UInt64](repeating: 0, count: 4)
        for i in 0..<32 { words[i / 8] |= UInt64(key[i]) << (8 * UInt64(i % 8)) }
        var mixer = SplitMix64(seed: domain)
        state = (
            mixer.next(absorbing: words[0]), mixer.next(absorbing: words[1]), mixer.next(absorbing: words[2]),
            mixer.next(absorbing: words[3])
        )
        if state == (0, 0, 0, 0) { state.0 = 1 }
    }

    mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotate(state.3, 45)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Approximately standard normal: the Irwin–Hall sum of 12 uniforms minus 6. Chosen over Box–Muller
    /// because it needs no `log`/`cos`, whose last bit may differ between C libraries.
    mutating func nextGaussian() -> Double {
        var sum = 0.0
        for _ in 0..<12 { sum += nextUnit() }
        return sum - 6
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
