import Biometrics
import FaceRecognition
import Foundation

/// Synthetic faces that pad a face gallery: draws from a Gaussian with the mean and the covariance of
/// a set of real embeddings (the source subjects' images, between and within subjects alike), so that
/// the synthetic population spreads like the real one. A draw is μ + Σₖ gₖ (xₖ − μ) / √(n − 1) with
/// gₖ standard normal over the n source embeddings xₖ: its covariance is exactly their sample
/// covariance, no matrix factorisation needed. Uniformly random unit vectors would be useless here:
/// real embeddings fill a narrow cone, and random directions sit at distance ≈ √2 from every face.
public struct SyntheticFaces: Sendable {
    /// The seed; the same seed and sources give the same faces.
    public var seed: UInt64

    /// A generator.
    public init(seed: UInt64) {
        self.seed = seed
    }

    /// `count` draws; empty when fewer than 2 sources are given.
    public func embeddings(from sources: [FaceEmbedding], count: Int) -> [FaceEmbedding] {
        guard sources.count >= 2, count > 0 else { return [] }
        let n = FaceEmbedding.dimension
        var mean = [Double](repeating: 0, count: n)
        for source in sources {
            for i in 0..<n { mean[i] += Double(source.values[i]) / Double(sources.count) }
        }
        let scale = 1 / Double(sources.count - 1).squareRoot()
        let deviations = sources.map { source in (0..<n).map { (Double(source.values[$0]) - mean[$0]) * scale } }
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            var values = mean
            for deviation in deviations {
                let g = generator.nextGaussian()
                for i in 0..<n { values[i] += g * deviation[i] }
            }
            // Finite by construction, 128 values: the initializer cannot fail.
            return try! FaceEmbedding(values: values.map(Float.init))
        }
    }
}

/// Box–Muller normal draws from the seeded SplitMix64 (reproducible synthetic faces).
extension SplitMix64 {
    /// Uniform in (0, 1].
    mutating func nextUnit() -> Double { (Double(next() >> 11) + 1) / 9_007_199_254_740_992 }

    mutating func nextGaussian() -> Double {
        (-2 * log(nextUnit())).squareRoot() * cos(2 * .pi * nextUnit())
    }
}
