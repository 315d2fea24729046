/// Timings of a set of 1:N identifications.
public struct IdentificationTimings: Sendable, Hashable, Codable {
    /// Identifications run.
    public var probes: Int
    /// Median thread CPU time of one identification, seconds.
    public var cpuSecondsMedian: Double
    /// Worst thread CPU time of one identification, seconds.
    public var cpuSecondsMax: Double
    /// Median wall time of one identification, seconds.
    public var wallSecondsMedian: Double
    /// Worst wall time of one identification, seconds.
    public var wallSecondsMax: Double
    /// Identifications that returned a match (for absent probes: false matches).
    public var matched: Int
    /// Matches that named the expected member (present probes only).
    public var correct: Int

    enum CodingKeys: String, CodingKey {
        case probes
        case cpuSecondsMedian = "cpu_seconds_median"
        case cpuSecondsMax = "cpu_seconds_max"
        case wallSecondsMedian = "wall_seconds_median"
        case wallSecondsMax = "wall_seconds_max"
        case matched, correct
    }
}

/// The 1:N benchmark: gallery size, build cost, and identification times of absent and present probes.
public struct IdentificationBenchmarkResult: Sendable, Hashable, Codable {
    /// Gallery entries (slots).
    public var galleryEntries: Int
    /// Views over all entries (comparisons of a full scan).
    public var galleryViews: Int
    /// Real minutiae sets the synthetic entries were made from.
    public var sourceSets: Int
    /// Seed of the synthetic entries.
    public var seed: UInt64
    /// How synthetic entries stray from their sources.
    public var perturbation: MinutiaePerturbation
    /// Thread CPU time to build and prepare the gallery, seconds.
    public var buildCPUSeconds: Double
    /// Wall time to build and prepare the gallery, seconds.
    public var buildWallSeconds: Double
    /// Probes of fingers not in the gallery: full scans.
    public var absent: IdentificationTimings
    /// Probes of fingers in the gallery: the search stops at the first match.
    public var present: IdentificationTimings
    /// Where each present finger's entry sits in the gallery (0-based; a search reaching it has scanned that many).
    public var presentEntryPositions: [Int]
    /// Target of one full identification, seconds.
    public var targetSeconds: Double
    /// Whether the median CPU time of an absent probe is within the target.
    public var absentWithinTarget: Bool

    enum CodingKeys: String, CodingKey {
        case galleryEntries = "gallery_entries"
        case galleryViews = "gallery_views"
        case sourceSets = "source_sets"
        case seed, perturbation
        case buildCPUSeconds = "build_cpu_seconds"
        case buildWallSeconds = "build_wall_seconds"
        case absent, present
        case presentEntryPositions = "present_entry_positions"
        case targetSeconds = "target_seconds"
        case absentWithinTarget = "absent_within_target"
    }
}
