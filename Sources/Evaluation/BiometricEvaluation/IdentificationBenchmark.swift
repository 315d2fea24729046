import Biometrics
import Measuring
import Minutiae

/// 1:N timing on one core: a large `MinutiaeGallery` of synthetic entries plus a few real enrolled fingers;
/// probes of fingers absent from it scan it whole, probes of present fingers stop at their first match.
///
/// Synchronous: runs on, and measures, the calling thread.
public struct IdentificationBenchmark: Sendable {
    /// A finger enrolled in the gallery (at a seeded position) with probes of its own.
    public struct PresentFinger: Sendable {
        /// Name used in the gallery.
        public var name: String
        /// The views of its gallery entry.
        public var enrolled: [MinutiaeSet]
        /// Impressions that should find it.
        public var probes: [MinutiaeSet]

        /// A present finger.
        public init(name: String, enrolled: [MinutiaeSet], probes: [MinutiaeSet]) {
            self.name = name
            self.enrolled = enrolled
            self.probes = probes
        }
    }

    /// Entries in the gallery, present fingers included.
    public var galleryCount: Int
    /// Builder of the synthetic entries.
    public var builder: SyntheticGallery
    /// The matcher (its threshold ends a search early).
    public var matcher: MinutiaeMatcher
    /// The target time of one full identification, seconds.
    public var targetSeconds: Double
    /// Wall clock.
    public var clock: any Clock<Duration>

    /// 10,000 entries, seed 2024, target 0.35 s.
    public init(
        galleryCount: Int = 10_000, builder: SyntheticGallery = SyntheticGallery(seed: 2024),
        matcher: MinutiaeMatcher = MinutiaeMatcher(), targetSeconds: Double = 0.35,
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.galleryCount = galleryCount
        self.builder = builder
        self.matcher = matcher
        self.targetSeconds = targetSeconds
        self.clock = clock
    }

    /// Builds the gallery from perturbed copies of `sources` plus `present`, then times every probe.
    public func run(sources: [MinutiaeSet], present: [PresentFinger], absentProbes: [MinutiaeSet])
        -> IdentificationBenchmarkResult
    {
        let cpuStart = ThreadCPUTime.now()
        let ((gallery, positions), buildWall) = timed(clock) { build(sources: sources, present: present) }
        let buildCPU = ThreadCPUTime.now() - cpuStart

        let absent = time(absentProbes.map { ($0, nil) }, in: gallery)
        let presentProbes = present.enumerated().flatMap { index, finger in
            finger.probes.map { ($0, Optional(Self.presentID(index, finger.name))) }
        }
        let found = time(presentProbes, in: gallery)
        return IdentificationBenchmarkResult(
            galleryEntries: gallery.entries.count, galleryViews: gallery.entries.reduce(0) { $0 + $1.views.count },
            sourceSets: sources.count, seed: builder.seed, perturbation: builder.perturbation,
            buildCPUSeconds: (buildCPU).seconds, buildWallSeconds: (buildWall).seconds,
            absent: absent, present: found, presentEntryPositions: positions, targetSeconds: targetSeconds,
            absentWithinTarget: absent.probes > 0 && absent.cpuSecondsMedian <= targetSeconds)
    }

    /// The synthetic entries, with each present finger's entry inserted at a seeded position.
    private func build(sources: [MinutiaeSet], present: [PresentFinger]) -> (MinutiaeGallery, [Int]) {
        let fillers = builder.sets(from: sources, count: max(0, galleryCount - present.count))
        var generator = SplitMix64(seed: builder.seed ^ 0xA5A5_A5A5)
        let positions = present.map { _ in Int.random(in: 0...fillers.count, using: &generator) }
        var gallery = MinutiaeGallery(matcher: matcher)
        var entryPositions = [Int](repeating: 0, count: present.count)
        let slot = SlotID(.fingerprint, 0)!
        for index in 0...fillers.count {
            for (fingerIndex, position) in positions.enumerated() where position == index {
                entryPositions[fingerIndex] = gallery.entries.count
                gallery.add(
                    userid: Self.presentID(fingerIndex, present[fingerIndex].name), slot: slot,
                    views: present[fingerIndex].enrolled)
            }
            if index < fillers.count {
                gallery.add(userid: SyntheticGallery.userID(entry: index), slot: slot, views: [fillers[index]])
            }
        }
        return (gallery, entryPositions)
    }

    private static func presentID(_ index: Int, _ name: String) -> UserID {
        // "present-<n>-" plus the name cut to fit UserID's 128 bytes.
        let prefix = "present-\(index)-"
        let name = String(name.utf8.prefix(UserID.maxBytes - prefix.utf8.count)) ?? "finger"
        return try! UserID(prefix + name)
    }

    /// Identifies each probe (expected member or nil for absent) and gathers the timings.
    private func time(_ probes: [(MinutiaeSet, UserID?)], in gallery: MinutiaeGallery) -> IdentificationTimings {
        var cpu: [Double] = []
        var wall: [Double] = []
        var matched = 0
        var correct = 0
        for (set, expected) in probes {
            let prepared = matcher.prepare(set)
            let cpuStart = ThreadCPUTime.now()
            let (candidate, elapsed) = timed(clock) { gallery.identify(prepared) }
            cpu.append((ThreadCPUTime.now() - cpuStart).seconds)
            wall.append((elapsed).seconds)
            guard let candidate, candidate.isMatch else { continue }
            matched += 1
            if candidate.userid == expected { correct += 1 }
        }
        return IdentificationTimings(
            probes: probes.count, cpuSecondsMedian: Statistics.median(cpu) ?? 0, cpuSecondsMax: cpu.max() ?? 0,
            wallSecondsMedian: Statistics.median(wall) ?? 0, wallSecondsMax: wall.max() ?? 0,
            matched: matched, correct: correct)
    }
}
