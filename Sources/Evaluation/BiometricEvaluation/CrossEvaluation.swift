import Measuring
import Minutiae

/// The cross protocol: each finger enrolls its gallery-source impressions, each probe-source probe is
/// verified against its own finger and against every other finger (same counting as `MinutiaeEvaluation`).
/// The EER and comparison time come from every gallery-source impression against every probe-source
/// impression of a different press; pairs of the very same image are scored separately. Gallery records
/// are first moved into the frames of the images they describe (`FingerprintSets.placed(in:)`).
struct CrossEvaluation {
    let matcher: MinutiaeMatcher
    let plan: ImpressionPlan
    let clock: any Clock<Duration>

    func run(gallery declared: FingerprintSets, probes: FingerprintSets) throws(FingerprintEvaluationError)
        -> FingerprintEvaluationReport
    {
        let gallery = declared.placed(in: probes)
        var notes = gallery.notes.map { "gallery: \($0)" } + probes.notes.map { "probes: \($0)" }
        for finger in Set(gallery.fingers.keys).symmetricDifference(probes.fingers.keys).sorted(by: naturalOrder) {
            let side = gallery.fingers[finger] == nil ? "gallery" : "probes"
            notes.append("finger \(finger): not usable in the \(side) source; finger skipped")
        }
        let fingers = gallery.fingers.keys.filter { probes.fingers[$0] != nil }.sorted(by: naturalOrder)
        guard !fingers.isEmpty else {
            throw .noUsableFinger(folder: probes.folder, impressions: plan.allImpressions, notes: notes)
        }
        let enrolled = fingers.map { finger in
            plan.enroll.compactMap { gallery.fingers[finger]?[$0] }.map { matcher.prepare($0) }
        }
        var report = FingerprintEvaluationReport(
            kind: .cross, folder: probes.folder, enroll: plan.enroll, probe: plan.probe, fingers: fingers.count,
            images: 0, genuineAccepted: 0, genuineTotal: 0, falseMatches: 0, impostorTotal: 0,
            falseMatchProbes: ProbeIdentification(matcher: matcher, plan: plan)
                .falseMatchProbes(fingers: fingers, gallery: gallery, probes: probes),
            extractMillisecondsMedian: nil, extractMillisecondsMean: nil, extractCPUMillisecondsMedian: nil,
            compareMicrosecondsMedian: 0,
            allPairs: ScoreRates(genuine: [], impostor: []), threshold: matcher.threshold, minutiaeMedian: 0,
            sameImageScoreMedian: nil, notes: notes)
        var probeCounts: [Double] = []
        for (fingerIndex, finger) in fingers.enumerated() {
            for impression in plan.probe {
                guard let set = probes.fingers[finger]?[impression] else { continue }
                probeCounts.append(Double(set.minutiae.count))
                let probe = matcher.prepare(set)
                for (galleryIndex, views) in enrolled.enumerated() where !views.isEmpty {
                    let best = views.map { matcher.score(probe, $0) }.max() ?? 0
                    let accepted = best >= matcher.threshold
                    if galleryIndex == fingerIndex {
                        report.genuineTotal += 1
                        if accepted { report.genuineAccepted += 1 }
                    } else {
                        report.impostorTotal += 1
                        if accepted { report.falseMatches += 1 }
                    }
                }
            }
        }
        report.extractMillisecondsMedian = Statistics.median(probes.extractMilliseconds)
        report.extractMillisecondsMean = Statistics.mean(probes.extractMilliseconds)
        report.extractCPUMillisecondsMedian = Statistics.median(probes.extractCPUMilliseconds)
        report.minutiaeMedian = Statistics.median(probeCounts) ?? 0
        report.images = fingers.reduce(0) { total, finger in
            total + plan.enroll.count { gallery.fingers[finger]?[$0] != nil }
                + plan.probe.count { probes.fingers[finger]?[$0] != nil }
        }
        allPairs(fingers: fingers, gallery: gallery, probes: probes, into: &report)
        return report
    }

    /// Fills the EER, score extremes, same-image median and comparison time from all cross pairs.
    private func allPairs(
        fingers: [String], gallery: FingerprintSets, probes: FingerprintSets,
        into report: inout FingerprintEvaluationReport
    ) {
        let impressions = plan.allImpressions
        func prepared(_ sets: FingerprintSets) -> [(finger: Int, impression: Int, set: PreparedMinutiae)] {
            fingers.enumerated().flatMap { index, finger in
                impressions.compactMap { impression in
                    sets.fingers[finger]?[impression].map { (index, impression, matcher.prepare($0)) }
                }
            }
        }
        let left = prepared(gallery)
        let right = prepared(probes)
        var genuine: [Int] = []
        var impostor: [Int] = []
        var sameImage: [Double] = []
        var micros: [Double] = []
        for a in left {
            for b in right {
                let (score, elapsed) = timed(clock) { matcher.score(b.set, a.set) }
                micros.append((elapsed).seconds * 1e6)
                if a.finger != b.finger {
                    impostor.append(score)
                } else if a.impression == b.impression {
                    sameImage.append(Double(score))
                } else {
                    genuine.append(score)
                }
            }
        }
        report.compareMicrosecondsMedian = Statistics.median(micros) ?? 0
        report.allPairs = ScoreRates(genuine: genuine, impostor: impostor)
        report.sameImageScoreMedian = Statistics.median(sameImage)
    }
}
