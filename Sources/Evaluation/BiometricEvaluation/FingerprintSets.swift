import Foundation
import Minutiae

/// The minutiae sets of the usable fingers of one FVC-style folder, from its images or its `.iso` records.
public struct FingerprintSets: Sendable, Hashable {
    /// Where the minutiae came from.
    public enum Source: String, Sendable, Hashable, Codable {
        /// Our extractor run on the `NNN_I` images.
        case images
        /// The commercial SDK's `NNN_I.iso` records (first view of each).
        case isoRecords = "iso_records"
    }

    /// The folder read.
    public let folder: String
    /// Images or records.
    public let source: Source
    /// Finger number (as in the file names) → impression → minutiae; only fingers with every planned impression.
    public let fingers: [String: [Int: MinutiaeSet]]
    /// Extraction time of each image in milliseconds (empty for records).
    public let extractMilliseconds: [Double]
    /// Thread CPU time of each extraction in milliseconds (empty for records).
    public let extractCPUMilliseconds: [Double]
    /// One line per finger left out, saying why.
    public let notes: [String]

    /// The sets of a folder, as loaded.
    public init(
        folder: String, source: Source, fingers: [String: [Int: MinutiaeSet]],
        extractMilliseconds: [Double], extractCPUMilliseconds: [Double], notes: [String]
    ) {
        self.folder = folder
        self.source = source
        self.fingers = fingers
        self.extractMilliseconds = extractMilliseconds
        self.extractCPUMilliseconds = extractCPUMilliseconds
        self.notes = notes
    }

    /// Finger numbers in numeric order.
    public var fingerIDs: [String] { fingers.keys.sorted(by: naturalOrder) }
    /// Number of minutiae sets held (images or records).
    public var setCount: Int { fingers.values.reduce(0) { $0 + $1.count } }
    /// Minutiae count of every set held.
    public var minutiaeCounts: [Int] { fingers.values.flatMap { $0.values.map(\.minutiae.count) } }
}

/// "101" < "1000", "s2" < "s10".
func naturalOrder(_ a: String, _ b: String) -> Bool {
    a.compare(b, options: .numeric) == .orderedAscending
}
