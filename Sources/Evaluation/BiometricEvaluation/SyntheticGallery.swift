import Biometrics
import Minutiae

/// Builds large galleries from a few real minutiae sets: entry i is a seeded perturbation of
/// source i mod count, so that a 10,000-entry gallery has realistic minutiae counts and layouts.
public struct SyntheticGallery: Sendable {
    /// How entries stray from their source.
    public var perturbation: MinutiaePerturbation
    /// The seed; the same seed and sources give the same entries.
    public var seed: UInt64

    /// A builder with the default perturbation.
    public init(seed: UInt64, perturbation: MinutiaePerturbation = MinutiaePerturbation()) {
        self.seed = seed
        self.perturbation = perturbation
    }

    /// `count` perturbed copies of `sources`, taken in turn; empty when `sources` is.
    public func sets(from sources: [MinutiaeSet], count: Int) -> [MinutiaeSet] {
        guard !sources.isEmpty, count > 0 else { return [] }
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { perturbation.apply(to: sources[$0 % sources.count], using: &generator) }
    }

    /// The member ID of synthetic entry `index` ("synthetic-00042").
    public static func userID(entry index: Int) -> UserID {
        let digits = String(index)
        // Never more than 128 bytes: at most 19 digits plus the prefix.
        return try! UserID("synthetic-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits)
    }
}
