/// A finger the simulator can place on its sensor. Everything it produces (features, images)
/// derives deterministically from `identity`.
public struct SimulatedFinger: Sendable, Hashable {
    /// E.g. "alice-right-index".
    public let identity: String
    /// 0-100; low quality gives noisier features and occasional Img2Tz 06/07.
    public let quality: Int

    /// A finger; quality is clamped to 0-100.
    public init(_ identity: String, quality: Int = 90) {
        self.identity = identity
        self.quality = min(100, max(0, quality))
    }
}
