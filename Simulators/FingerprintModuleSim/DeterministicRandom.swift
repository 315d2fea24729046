import Biometrics

/// Biometrics' SplitMix64 gives the simulator its determinism: the same seed always gives the same press.
extension SplitMix64 {
    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool {
        Double(next() >> 11) / Double(1 << 53) < p
    }
}

/// FNV-1a of a string, mixed with further values; stable across runs and platforms.
func stableHash(_ text: String, _ values: UInt64...) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash &*= 0x100_0000_01B3
    }
    for value in values {
        var generator = SplitMix64(seed: hash ^ value)
        hash = generator.next()
    }
    return hash
}
