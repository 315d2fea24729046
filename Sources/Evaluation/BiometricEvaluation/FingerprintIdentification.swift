import Biometrics
import Measuring
import Minutiae

/// 1:N accuracy and verdict time of the host ISO gallery padded to `galleryCount` entries.
///
/// Over `IdentificationRole.folds` folds, each folder's fingers are split into enrolled members (views:
/// the plan's enroll impressions), impostors and synthetic-entry sources (see `IdentificationRole`); the
/// gallery is the enrolled members plus perturbed copies of the sources' impressions (`SyntheticGallery`)
/// up to `galleryCount`. Every genuine probe (the plan's probe impressions of a member) and every
/// impostor probe (every planned impression of an impostor) is compared with the whole gallery (no early
/// stop) on the calling thread: its outcome (mate and best non-mate score), each non-mate entry's score
/// into a histogram, and the time from the probe's minutiae to the verdict (prepare + full scan).
///
/// Synchronous and CPU-bound: run it off the cooperative pool.
public struct FingerprintIdentification: Sendable {
    /// Entries of each fold's gallery, members included.
    public var galleryCount: Int
    /// Builder of the synthetic entries.
    public var builder: SyntheticGallery
    /// The matcher; its threshold is the one the rates are reported at.
    public var matcher: MinutiaeMatcher
    /// Enrolled and probing impressions.
    public var plan: ImpressionPlan
    /// Wall clock.
    public var clock: any Clock<Duration>

    /// 10,000 entries, seed 2024, the identification threshold, enroll 1-3 and probe 4-8.
    public init(
        galleryCount: Int = 10_000, builder: SyntheticGallery = SyntheticGallery(seed: 2024),
        matcher: MinutiaeMatcher = MinutiaeMatcher(threshold: MinutiaeMatcher.identificationThreshold),
        plan: ImpressionPlan = ImpressionPlan(enroll: [1, 2, 3], probe: [4, 5, 6, 7, 8]),
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.galleryCount = galleryCount
        self.builder = builder
        self.matcher = matcher
        self.plan = plan
        self.clock = clock
    }

    /// Outcomes, impostor score histogram and timings of every probe of every fold.
    public struct Run: Sendable {
        /// One per probe, genuine and impostor.
        public var outcomes: [SearchOutcome] = []
        /// Every probe-versus-non-mate-entry score.
        public var nonMateScores = ScoreHistogram()
        /// Verdict time of each probe (prepare + full scan): thread CPU seconds.
        public var cpuSeconds: [Double] = []
        /// Verdict time of each probe: wall seconds.
        public var wallSeconds: [Double] = []
        /// Entries of the largest gallery searched.
        public var galleryEntries = 0
        /// Distinct real fingers the synthetic entries were made from, over all folds.
        public var sourceFingers = 0
    }

    /// Runs every fold over `folders` (fingers of each folder take the roles in turn).
    public func run(folders: [FingerprintSets]) -> Run {
        var run = Run()
        for fold in 0..<IdentificationRole.folds {
            var sources: [MinutiaeSet] = []
            var members: [(id: UserID, views: [MinutiaeSet], probes: [MinutiaeSet])] = []
            var impostors: [MinutiaeSet] = []
            for sets in folders {
                for (index, finger) in sets.fingerIDs.enumerated() {
                    let impressions = sets.fingers[finger] ?? [:]
                    switch IdentificationRole.of(index: index, fold: fold) {
                    case .enrolled:
                        let id = try! UserID("member-\(members.count)")
                        members.append(
                            (id, plan.enroll.compactMap { impressions[$0] }, plan.probe.compactMap { impressions[$0] }))
                    case .impostor:
                        impostors += plan.allImpressions.compactMap { impressions[$0] }
                    case .source:
                        run.sourceFingers += 1
                        sources += impressions.keys.sorted().compactMap { impressions[$0] }
                    }
                }
            }
            let gallery = Self.gallery(
                members: members.map { ($0.id, $0.views) },
                fillers: builder.sets(from: sources, count: max(0, galleryCount - members.count)), matcher: matcher)
            run.galleryEntries = max(run.galleryEntries, gallery.entries.count)
            for member in members {
                for probe in member.probes { search(probe, mate: member.id, in: gallery, into: &run) }
            }
            for probe in impostors { search(probe, mate: nil, in: gallery, into: &run) }
        }
        return run
    }

    /// Members first, then the fillers.
    static func gallery(members: [(UserID, [MinutiaeSet])], fillers: [MinutiaeSet], matcher: MinutiaeMatcher)
        -> MinutiaeGallery
    {
        var gallery = MinutiaeGallery(matcher: matcher)
        let slot = SlotID(.fingerprint, 0)!
        for (id, views) in members { gallery.add(userid: id, slot: slot, views: views) }
        for (index, set) in fillers.enumerated() {
            gallery.add(userid: SyntheticGallery.userID(entry: index), slot: slot, views: [set])
        }
        return gallery
    }

    /// Scores `probe` against every entry, timing preparation and scan together.
    func search(_ probe: MinutiaeSet, mate: UserID?, in gallery: MinutiaeGallery, into run: inout Run) {
        let cpuStart = ThreadCPUTime.now()
        let (scores, wall) = timed(clock) { () -> [Int] in
            let prepared = matcher.prepare(probe)
            return gallery.entries.map { entry in entry.views.map { matcher.score(prepared, $0) }.max() ?? 0 }
        }
        run.cpuSeconds.append((ThreadCPUTime.now() - cpuStart).seconds)
        run.wallSeconds.append(wall.seconds)
        var mateScore: Int?
        var bestOther: Int?
        for (entry, score) in zip(gallery.entries, scores) {
            if entry.userid == mate {
                mateScore = max(mateScore ?? 0, score)
            } else {
                bestOther = max(bestOther ?? Int.min, score)
                run.nonMateScores.add(score)
            }
        }
        run.outcomes.append(SearchOutcome(mateScore: mateScore, bestNonMateScore: bestOther))
    }
}
