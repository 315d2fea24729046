import Biometrics
import Testing

@testable import Minutiae

@Suite("Rank selection: the value a sort would put at a rank")
struct RankSelectionTests {
    @Test func everyRankOfSmallArraysWithDuplicates() {
        var generator = SplitMix64(seed: 7)
        for count in 1...40 {
            let values = (0..<count).map { _ in Float(Int.random(in: 0..<6, using: &generator)) }
            let sorted = values.sorted()
            for rank in values.indices {
                #expect(RankSelection.value(atRank: rank, in: values) == sorted[rank], "count \(count) rank \(rank)")
            }
        }
    }

    @Test(arguments: ["random", "ascending", "descending", "equal", "organ pipe", "two values"])
    func orderingsThatTroubleQuickselect(ordering: String) {
        var generator = SplitMix64(seed: 11)
        let count = 9_001
        let values: [Float] =
            switch ordering {
            case "random": (0..<count).map { _ in Float.random(in: -1...1, using: &generator) }
            case "ascending": (0..<count).map(Float.init)
            case "descending": (0..<count).map { Float(count - $0) }
            case "equal": [Float](repeating: 3, count: count)
            case "organ pipe": (0..<count).map { Float(min($0, count - $0)) }
            default: (0..<count).map { Float($0 % 2) }
            }
        let sorted = values.sorted()
        for rank in [0, 1, count / 2, Int(Double(count - 1) * 0.95), count - 1] {
            #expect(RankSelection.value(atRank: rank, in: values) == sorted[rank], "rank \(rank)")
        }
    }
}
