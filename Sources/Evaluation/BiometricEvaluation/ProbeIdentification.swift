import Biometrics
import Minutiae

/// Counts false matches the way the NBIS anchor does: once per probe whose identification against the
/// enrolled views of every other finger reaches the threshold (not once per probe × finger attempt).
struct ProbeIdentification {
    let matcher: MinutiaeMatcher
    let plan: ImpressionPlan

    /// Probes of `probes` matched by some other finger's entry of `gallery` (fingers as listed): a
    /// `MinutiaeGallery` of one entry per finger, identified against with the probe's own finger excluded.
    func falseMatchProbes(fingers: [String], gallery: FingerprintSets, probes: FingerprintSets) -> Int {
        let slot = SlotID(.fingerprint, 0)!
        var enrolled = MinutiaeGallery(matcher: matcher)
        for (fingerIndex, finger) in fingers.enumerated() {
            enrolled.add(
                userid: Self.userID(finger: fingerIndex), slot: slot,
                views: plan.enroll.compactMap { gallery.fingers[finger]?[$0] })
        }
        var count = 0
        for (fingerIndex, finger) in fingers.enumerated() {
            for impression in plan.probe {
                guard let set = probes.fingers[finger]?[impression] else { continue }
                let probe = matcher.prepare(set)
                if enrolled.identify(probe, excluding: Self.userID(finger: fingerIndex))?.isMatch == true { count += 1 }
            }
        }
        return count
    }

    /// The gallery member standing for the finger at `index` of the list.
    private static func userID(finger index: Int) -> UserID {
        SyntheticGallery.userID(entry: index)
    }
}
