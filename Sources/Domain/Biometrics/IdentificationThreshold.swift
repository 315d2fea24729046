import Foundation

/// The 1:N threshold for a gallery of N entries: a search accepts a stranger when any of N comparisons
/// reaches the threshold (FPIR ≈ N × FMR for small FMR), so the bigger the gallery the stricter the
/// threshold must be for the same FPIR; a small gallery keeps a lower one and misses fewer members.
///
/// The matcher's false-match rate is modelled as log-linear between two measured points, the 1:1
/// threshold (`loose`, FMR `looseFMR`) and the threshold for the largest gallery (`strict`, `strictFMR`);
/// the threshold for N is where that line reaches `targetFPIR / N`, kept within `loose...strict`.
public struct IdentificationThreshold: Sendable, Hashable {
    public let loose: Int
    public let looseFMR: Double
    public let strict: Int
    public let strictFMR: Double
    /// The share of strangers a search may accept.
    public let targetFPIR: Double

    public init(loose: Int, looseFMR: Double, strict: Int, strictFMR: Double, targetFPIR: Double = 0.01) {
        self.loose = loose
        self.looseFMR = looseFMR
        self.strict = max(loose, strict)
        self.strictFMR = strictFMR
        self.targetFPIR = targetFPIR
    }

    /// The threshold for a search over `galleryCount` entries.
    public func threshold(galleryCount: Int) -> Int {
        guard galleryCount > 0, looseFMR > 0, strictFMR > 0, looseFMR > strictFMR, targetFPIR > 0 else {
            return strict
        }
        let wanted = targetFPIR / Double(galleryCount)
        guard wanted < looseFMR else { return loose }
        guard wanted > strictFMR else { return strict }
        let share = (log10(looseFMR) - log10(wanted)) / (log10(looseFMR) - log10(strictFMR))
        let threshold = Double(loose) + share * Double(strict - loose)
        return min(strict, max(loose, Int(threshold.rounded(.up))))
    }
}
