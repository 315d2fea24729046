import Minutiae

/// Accuracy and speed figures of the matcher on an FVC-style set of fingers × impressions.
public struct MinutiaeEvaluation: Sendable, Hashable, Codable {
    /// Probes accepted against their own finger's enrolled views.
    public var genuineAccepted: Int
    /// Genuine attempts: probes whose finger has enrolled views.
    public var genuineTotal: Int
    /// Probe-versus-other-finger attempts that reached the threshold.
    public var falseMatches: Int
    /// Impostor attempts: probes times the other fingers with enrolled views.
    public var impostorTotal: Int
    /// Median time of one prepared-versus-prepared comparison, microseconds.
    public var compareMicrosecondsMedian: Double
    /// Error rates over all impression pairs (one view each).
    public var allPairs: ScoreRates
    /// The threshold the accept/false-match counts used.
    public var threshold: Int

    /// Equal error rate over all impression pairs, 0-1.
    public var equalErrorRate: Double { allPairs.equalErrorRate }
    /// Highest impostor score seen over all impression pairs.
    public var maxImpostorScore: Int { allPairs.maxImpostorScore }
    /// Lowest genuine score seen over all impression pairs.
    public var minGenuineScore: Int { allPairs.minGenuineScore }

    /// Runs the protocol: each finger enrolls `enroll` impressions as the views of one gallery entry; every
    /// `probe` impression is verified against its own finger (best view) and against every other finger
    /// (false match when an other finger's best view reaches the threshold). Missing impressions are
    /// skipped. The EER and the comparison time come from all pairs of impressions.
    public static func evaluate<Finger: Hashable & Comparable, C: Clock>(
        fingers: [Finger: [Int: MinutiaeSet]], enroll: [Int], probe: [Int],
        matcher: MinutiaeMatcher = MinutiaeMatcher(), clock: C
    ) -> MinutiaeEvaluation where C.Duration == Duration {
        let order = fingers.keys.sorted()
        let prepared = order.map { finger in
            (fingers[finger] ?? [:]).mapValues { matcher.prepare($0) }
        }
        let galleries = prepared.map { impressions in enroll.compactMap { impressions[$0] } }
        var result = MinutiaeEvaluation(
            genuineAccepted: 0, genuineTotal: 0, falseMatches: 0, impostorTotal: 0,
            compareMicrosecondsMedian: 0, allPairs: ScoreRates(genuine: [], impostor: []),
            threshold: matcher.threshold)
        for (fingerIndex, impressions) in prepared.enumerated() {
            for probeImpression in probe {
                guard let probeSet = impressions[probeImpression] else { continue }
                for (galleryIndex, views) in galleries.enumerated() where !views.isEmpty {
                    let best = views.map { matcher.score(probeSet, $0) }.max() ?? 0
                    if galleryIndex == fingerIndex {
                        result.genuineTotal += 1
                        if best >= matcher.threshold { result.genuineAccepted += 1 }
                    } else {
                        result.impostorTotal += 1
                        if best >= matcher.threshold { result.falseMatches += 1 }
                    }
                }
            }
        }
        let all = prepared.enumerated().flatMap { finger, impressions in
            impressions.keys.sorted().map { (finger: finger, set: impressions[$0]!) }
        }
        var genuine: [Int] = []
        var impostor: [Int] = []
        var micros: [Double] = []
        for a in all.indices {
            for b in all.indices where b > a {
                var score = 0
                let elapsed = clock.measure { score = matcher.score(all[a].set, all[b].set) }
                micros.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
                if all[a].finger == all[b].finger { genuine.append(score) } else { impostor.append(score) }
            }
        }
        micros.sort()
        result.compareMicrosecondsMedian = micros.isEmpty ? 0 : micros[micros.count / 2]
        result.allPairs = ScoreRates(genuine: genuine, impostor: impostor)
        return result
    }

    /// `evaluate` timed with the continuous clock.
    public static func evaluate<Finger: Hashable & Comparable>(
        fingers: [Finger: [Int: MinutiaeSet]], enroll: [Int], probe: [Int],
        matcher: MinutiaeMatcher = MinutiaeMatcher()
    ) -> MinutiaeEvaluation {
        evaluate(fingers: fingers, enroll: enroll, probe: probe, matcher: matcher, clock: ContinuousClock())
    }
}
