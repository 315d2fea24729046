import Biometrics
import Foundation

/// Rotation-, translation- and distortion-tolerant minutiae matcher.
///
/// Local stage: every minutia's edges to its nearest neighbours and to the nearest minutia in each sector
/// around its direction (length and both minutia directions relative to the edge) are matched between the
/// two sets; each agreeing edge pair votes for its two minutia pairs. Global stage: from each of the best-voted minutia pairs, a one-to-one pairing grows
/// breadth first along agreeing neighbour edges, keeping only pairs whose direction difference agrees
/// with the seed's rotation; local edges absorb skin distortion that a single rigid alignment would not.
public struct MinutiaeMatcher: Sendable {
    /// Scores at or above this mean the same finger (see `defaultThreshold`).
    public var threshold: Int
    /// Tolerances and sizes of the two stages.
    public var parameters: Parameters

    /// Chosen for a target false-match rate of 1e-5 per comparison from the impostor scores of the
    /// commercial ISO records in the shared data (FVC2002 DB1_B and FVC2004 DB4_B: 120 impressions, all
    /// 6,720 impostor pairs of single impressions). The highest impostor score was 5 (5 pairs; 11 scored
    /// 4 or more). Without the `minimumPairs` gate the tail is 197 pairs at 2, 38 at 3, 7 at 4, 5 at 5:
    /// falling at least 2× per point puts 10 at or below 1e-5 (0 impostors reach it here). 84% of the 420
    /// genuine pairs of single impressions score 10 or more; with 5 enrolled views all 45 genuine probes
    /// of the two sets do.
    public static let defaultThreshold = 10

    /// The threshold of 1:N identification over a gallery of up to 10,000 entries (the recognition loop).
    /// A search over N entries accepts a stranger when any of N comparisons reaches the threshold:
    /// FPIR ≈ 1 − (1 − FMR)^N, so an FPIR of about 1 % at N = 10,000 needs FMR ≈ 1e-6 per comparison,
    /// ten times lower than `defaultThreshold`'s 1e-5 (1:1 and the enrollment duplicate check).
    /// Measured by `attendance-bench identify` (docs/identification.md): our extraction of FVC2002 DB1_B and
    /// the FVC2004 DB4_B subset, 3 enrolled presses, galleries padded to 10,000 with perturbed copies of
    /// other fingers, 1,949,925 probe-versus-stranger comparisons. With issue 18's extractor, comparisons
    /// at or above 12: 3 (1.5e-6), 13 to 16: 1 (5.1e-7); 13 is the lowest threshold under 1e-6 (FNIR 1 of
    /// 75 genuine probes), 15 keeps one step of margin (FNIR 2 of 75, 2.7 %, as with the extractor before);
    /// FPIR 1 of 120 impostor probes (one finger scoring 16 against a copy of another). The padded entries
    /// are copies of a few fingers, so the comparisons are not independent: hence the margin.
    public static let identificationThreshold = 15

    /// The 1:N threshold for the gallery at hand: `defaultThreshold` (FMR about 6.7e-6 in the same run:
    /// 13 of 1,949,925) up to a few hundred entries, rising to `identificationThreshold` at 10,000.
    public static let identificationRule = IdentificationThreshold(
        loose: defaultThreshold, looseFMR: 6.7e-6, strict: identificationThreshold, strictFMR: 1e-6)

    /// A matcher deciding at `identificationThreshold`, with the tuned parameters.
    public static var identification: MinutiaeMatcher { MinutiaeMatcher(threshold: identificationThreshold) }

    /// A matcher with the given threshold and parameters (defaults: the tuned ones).
    public init(threshold: Int = MinutiaeMatcher.defaultThreshold, parameters: Parameters = Parameters()) {
        self.threshold = threshold
        self.parameters = parameters
    }

    /// The precomputed index of `set`, to compare many times. Sets larger than 255 minutiae keep the 255
    /// of highest quality.
    public func prepare(_ set: MinutiaeSet) -> PreparedMinutiae {
        let scale =
            set.pixelsPerCentimetre > 0
            ? Float(MinutiaeSet.standardResolution) / Float(set.pixelsPerCentimetre) : 1
        var minutiae = set.minutiae
        if minutiae.count > Int(UInt8.max) {
            let ranked = minutiae.indices.sorted { (minutiae[$0].quality, -$0) > (minutiae[$1].quality, -$1) }
            minutiae = ranked.prefix(Int(UInt8.max)).sorted().map { minutiae[$0] }
        }
        let xs = minutiae.map { Float($0.x) * scale }
        let ys = minutiae.map { -Float($0.y) * scale }  // y up, so that angles turn counter-clockwise
        let angles = minutiae.map { Float($0.angle) }
        let localEdges = nearestNeighbourEdges(xs: xs, ys: ys, angles: angles)
        var localStart = [Int32](repeating: 0, count: xs.count + 1)
        for edge in localEdges { localStart[Int(edge.from) + 1] += 1 }
        for index in xs.indices { localStart[index + 1] += localStart[index] }

        let lengthBuckets = Int(parameters.maxEdgeLength / parameters.edgeBucketWidth) + 1
        func key(_ edge: PreparedMinutiae.Edge) -> Int {
            let bucket = min(lengthBuckets - 1, Int(edge.length / parameters.edgeBucketWidth))
            return Int(edge.fromAngle >> TurnUnits.sectorShift) * (lengthBuckets + 1) + bucket
        }
        let edges = localEdges.sorted { (key($0), $0.length) < (key($1), $1.length) }
        var bucketStart = [UInt16](repeating: 0, count: TurnUnits.sectors * (lengthBuckets + 1))
        var edgeIndex = 0
        for slot in bucketStart.indices {
            while edgeIndex < edges.count, key(edges[edgeIndex]) < slot { edgeIndex += 1 }
            bucketStart[slot] = UInt16(edgeIndex)
        }
        return PreparedMinutiae(
            count: xs.count, angles: minutiae.map { TurnUnits.from(radians: $0.angle) },
            edges: edges, bucketStart: bucketStart, lengthBuckets: lengthBuckets,
            localEdges: localEdges, localStart: localStart)
    }

    private func nearestNeighbourEdges(xs: [Float], ys: [Float], angles: [Float]) -> [PreparedMinutiae.Edge] {
        var edges: [PreparedMinutiae.Edge] = []
        edges.reserveCapacity(xs.count * parameters.neighbours)
        var candidates: [(distance: Float, index: Int)] = []
        for from in xs.indices {
            candidates.removeAll(keepingCapacity: true)
            for to in xs.indices where to != from {
                let distance = hypotf(xs[to] - xs[from], ys[to] - ys[from])
                if distance > 0, distance <= parameters.maxEdgeLength { candidates.append((distance, to)) }
            }
            candidates.sort { ($0.distance, $0.index) < ($1.distance, $1.index) }
            var chosen = candidates.prefix(parameters.neighbours).map(\.index)
            // Also the nearest minutia in each sector around this one's direction, so that the graph
            // bridges gaps between clusters that nearest neighbours alone would leave apart.
            if parameters.sectorNeighbours > 0 {
                var sectorTaken = [Bool](repeating: false, count: parameters.sectorNeighbours)
                for (_, to) in candidates {
                    let direction = atan2f(ys[to] - ys[from], xs[to] - xs[from])
                    let relative = TurnUnits.from(radians: direction - angles[from])
                    let sector = Int(relative) * parameters.sectorNeighbours / 256
                    guard !sectorTaken[sector] else { continue }
                    sectorTaken[sector] = true
                    if !chosen.contains(to) { chosen.append(to) }
                }
            }
            for to in chosen {
                let direction = atan2f(ys[to] - ys[from], xs[to] - xs[from])
                edges.append(
                    .init(
                        length: hypotf(xs[to] - xs[from], ys[to] - ys[from]),
                        fromAngle: TurnUnits.from(radians: angles[from] - direction),
                        toAngle: TurnUnits.from(radians: angles[to] - direction),
                        from: UInt8(from), to: UInt8(to)))
            }
        }
        return edges
    }
}

extension MinutiaeMatcher {
    /// Tolerances and sizes of the matcher; distances are pixels at 500 dpi, angles radians.
    /// Templates must be prepared and compared with the same parameters.
    public struct Parameters: Sendable, Hashable {
        /// Nearest neighbours per minutia in the local structures.
        public var neighbours = 4
        /// Besides the nearest neighbours, the nearest minutia in each of this many sectors around a
        /// minutia's direction (0: none).
        public var sectorNeighbours = 6
        /// Edges longer than this are not used.
        public var maxEdgeLength: Float = 160
        /// Width of the length buckets of the edge index.
        public var edgeBucketWidth: Float = 8
        /// Edge length tolerance: absolute pixels plus a fraction of the length (skin distortion).
        public var edgeLengthTolerance: Float = 4
        /// Share of the edge length added to `edgeLengthTolerance`.
        public var edgeLengthRelativeTolerance: Float = 0.05
        /// Tolerance on each of the two minutia directions relative to the edge.
        public var edgeAngleTolerance: Float = .pi / 12
        /// Seed pairs tried in the global stage.
        public var rootCandidates = 10
        /// A minutia pair needs this many agreeing edges to seed a pairing.
        public var minimumRootVotes: UInt16 = 2
        /// A pair's direction difference may stray this far from the seed pair's (the overall rotation).
        public var pairingAngleTolerance: Float = .pi / 9
        /// Fewer paired minutiae than this score 0, however small the sets.
        public var minimumPairs = 6
        /// Set sizes below this count as this in the score's normalisation.
        public var minimumNormalisingCount = 20

        /// The tuned defaults.
        public init() {}
    }
}
