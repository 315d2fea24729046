import Testing

@testable import Minutiae

@Suite("Minutia quality: coherence, contrast and distance to the print's border")
struct MinutiaQualityTests {
    let clear = PrintSegmentation.minimumContrast * 5

    @Test func fullInsideFallingLinearlyToTheBorder() {
        let full = MinutiaeExtractor.fullQualityBorderCells
        #expect(MinutiaeExtractor.quality(coherence: 0.9, contrast: clear, borderCells: full) == 90)
        #expect(MinutiaeExtractor.quality(coherence: 0.9, contrast: clear, borderCells: full * 3) == 90)
        #expect(MinutiaeExtractor.quality(coherence: 0.9, contrast: clear, borderCells: full / 2) == 45)
        #expect(
            MinutiaeExtractor.quality(coherence: 0.9, contrast: clear, borderCells: 1)
                == Int((90.0 / Double(full)).rounded()))
    }

    @Test func neverBelowOneNorAboveAHundred() {
        #expect(MinutiaeExtractor.quality(coherence: 0, contrast: 0, borderCells: 0) == 1)
        #expect(MinutiaeExtractor.quality(coherence: 2, contrast: clear * 4) == 100)
    }

    @Test func weakContrastLowersQuality() {
        let weak = MinutiaeExtractor.quality(coherence: 0.9, contrast: clear / 2)
        #expect(weak == 45)
    }
}
