import Recognition
import Testing

@Suite("score bands")
struct ScoreBandTests {
    @Test(
        "bands against a threshold of 40",
        arguments: [
            (40, ScoreBand.marginal), (49, .marginal), (50, .clear), (79, .clear), (80, .strong), (Int.max, .strong),
        ])
    func bands(_ score: Int, _ band: ScoreBand) {
        #expect(ScoreBand(score: score, threshold: 40) == band)
    }

    @Test("a huge threshold does not trap")
    func noOverflow() {
        #expect(ScoreBand(score: Int.max, threshold: Int.max) == .marginal)
    }
}
