import Minutiae

/// Counts false matches the way the NBIS anchor does: once per probe whose identification against the
/// enrolled views of every other finger reaches the threshold (not once per probe × finger attempt).
struct ProbeIdentification {
    let matcher: MinutiaeMatcher
    let plan: ImpressionPlan

    /// Probes of `probes` matched by some other finger's entry of `gallery` (fingers as listed).
    func falseMatchProbes(fingers: [String], gallery: FingerprintSets, probes: FingerprintSets) -> Int {
        let entries = fingers.map { finger in
            plan.enroll.compactMap { gallery.fingers[finger]?[$0] }.map { matcher.prepare($0) }
        }
        var count = 0
        for (fingerIndex, finger) in fingers.enumerated() {
            for impression in plan.probe {
                guard let set = probes.fingers[finger]?[impression] else { continue }
                let probe = matcher.prepare(set)
                let matched = entries.indices.contains { index in
                    index != fingerIndex && entries[index].contains { matcher.score(probe, $0) >= matcher.threshold }
                }
                if matched { count += 1 }
            }
        }
        return count
    }
}
