import Foundation

/// One tap of an oriented 1-D filter: a pixel offset and its weight.
struct KernelTap: Sendable {
    var dx: Int
    var dy: Int
    var weight: Float
}

/// The oriented 1-D filters of the enhancement, for every orientation bin: a Gaussian along the ridge
/// (tangent) and an even Gabor across it (normal) for every ridge period. Their product is an oriented
/// 2-D Gabor filter, applied as two 1-D passes.
struct OrientedKernels: Sendable {
    static let shared = OrientedKernels()

    /// Ridge periods (pixels at 500 dpi) that have a normal filter.
    static let periods = 5...16
    static let tangentSigma = 5.0
    static let tangentRadius = 8
    static let maximumNormalRadius = 12

    /// `tangent[bin]`: Gaussian along the ridge, weights summing to 1.
    let tangent: [[KernelTap]]
    /// `normal[bin][period - periods.lowerBound]`: zero-sum even Gabor across the ridge.
    let normal: [[[KernelTap]]]
    /// The tangent filters one after another, bin by bin.
    let flatTangent: FlatFilters
    /// The normal filters one after another; filter `bin * periods.count + period - periods.lowerBound`.
    let flatNormal: FlatFilters

    private init() {
        var tangent: [[KernelTap]] = []
        var normal: [[[KernelTap]]] = []
        for b in 0..<OrientationField.bins {
            let (cx, cy) = OrientationField.direction(ofBin: b)
            tangent.append(
                Self.line(dx: cx, dy: cy, radius: Self.tangentRadius) { distance in
                    exp(-distance * distance / (2 * Self.tangentSigma * Self.tangentSigma))
                }.normalised(toSum: 1))
            var perPeriod: [[KernelTap]] = []
            for period in Self.periods {
                let sigma = 0.45 * Double(period)
                let radius = min(Self.maximumNormalRadius, Int((2 * sigma).rounded(.up)))
                let envelope = Self.line(dx: -cy, dy: cx, radius: radius) { d in exp(-d * d / (2 * sigma * sigma)) }
                let gabor = Self.line(dx: -cy, dy: cx, radius: radius) { d in
                    exp(-d * d / (2 * sigma * sigma)) * cos(2 * .pi * d / Double(period))
                }
                // Remove the DC response with a scaled envelope rather than a constant, so the tails stay smooth.
                let dc = gabor.reduce(0) { $0 + Double($1.weight) } / envelope.reduce(0) { $0 + Double($1.weight) }
                var taps = gabor
                for i in taps.indices { taps[i].weight -= Float(dc) * envelope[i].weight }
                let energy = taps.reduce(0) { $0 + abs($1.weight) }
                perPeriod.append(taps.map { KernelTap(dx: $0.dx, dy: $0.dy, weight: $0.weight / energy) })
            }
            normal.append(perPeriod)
        }
        self.tangent = tangent
        self.normal = normal
        flatTangent = FlatFilters(tangent)
        flatNormal = FlatFilters(normal.flatMap { $0 })
    }

    /// Taps at the pixels nearest to t·(dx, dy), t = -radius...radius, weighted by the true distance
    /// of that pixel along the direction.
    private static func line(dx: Double, dy: Double, radius: Int, weight: (Double) -> Double) -> [KernelTap] {
        (-radius...radius).map { t in
            let x = Int((Double(t) * dx).rounded())
            let y = Int((Double(t) * dy).rounded())
            let along = Double(x) * dx + Double(y) * dy
            return KernelTap(dx: x, dy: y, weight: Float(weight(along)))
        }
    }
}

/// Filters stored back to back, so the hot loops index plain arrays: filter `f` is taps
/// `starts[f]..<starts[f] + counts[f]`.
struct FlatFilters: Sendable {
    let starts: [Int]
    let counts: [Int]
    let dx: [Int]
    let dy: [Int]
    let weights: [Float]

    init(_ filters: [[KernelTap]]) {
        var starts: [Int] = []
        var counts: [Int] = []
        var taps: [KernelTap] = []
        for filter in filters {
            starts.append(taps.count)
            counts.append(filter.count)
            taps += filter
        }
        self.starts = starts
        self.counts = counts
        dx = taps.map(\.dx)
        dy = taps.map(\.dy)
        weights = taps.map(\.weight)
    }

    /// Linear offset of every tap for a plane row stride.
    func offsets(stride: Int) -> [Int] {
        [Int](unsafeUninitializedCapacity: dx.count) { out, initialised in
            for k in dx.indices { out[k] = dy[k] * stride + dx[k] }
            initialised = dx.count
        }
    }
}

extension Array where Element == KernelTap {
    fileprivate func normalised(toSum total: Float) -> [KernelTap] {
        let sum = reduce(0) { $0 + $1.weight }
        return map { KernelTap(dx: $0.dx, dy: $0.dy, weight: $0.weight * total / sum) }
    }
}
