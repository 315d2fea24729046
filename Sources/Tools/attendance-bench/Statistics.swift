import Measuring

/// Summary statistics of a sample of durations, in milliseconds.
struct Summary: Codable {
    let count: Int
    let min: Double
    let median: Double
    let p95: Double
    let max: Double
    let mean: Double

    init(_ durations: [Duration]) {
        let ms = durations.map(\.milliseconds).sorted()
        count = ms.count
        min = ms.first ?? 0
        max = ms.last ?? 0
        median = Self.percentile(ms, 0.5)
        p95 = Self.percentile(ms, 0.95)
        mean = ms.isEmpty ? 0 : ms.reduce(0, +) / Double(ms.count)
    }

    /// Nearest-rank percentile of sorted values.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[Swift.max(0, Swift.min(sorted.count - 1, rank - 1))]
    }
}
