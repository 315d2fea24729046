import Biometrics
import Testing

@Suite("the 1:N threshold grows with the gallery")
struct IdentificationThresholdTests {
    /// The face rule's shape: 625 at FMR 1e-3, 700 at 1e-6, FPIR 1 %.
    let face = IdentificationThreshold(loose: 625, looseFMR: 1e-3, strict: 700, strictFMR: 1e-6)

    @Test(
        "small galleries keep the 1:1 threshold, 10,000 reaches the strict one, in between on the log-linear line",
        arguments: [(1, 625), (10, 625), (100, 650), (1000, 675), (10_000, 700), (1_000_000, 700)])
    func thresholds(_ count: Int, _ expected: Int) {
        #expect(face.threshold(galleryCount: count) == expected)
    }

    @Test("it never decreases as the gallery grows")
    func monotone() {
        var last = Int.min
        for count in stride(from: 1, through: 20_000, by: 37) {
            let threshold = face.threshold(galleryCount: count)
            #expect(threshold >= last, "\(count) entries: \(threshold) < \(last)")
            last = threshold
        }
    }

    @Test("nonsense parameters or an empty gallery give the strict threshold, never a trap")
    func degenerate() {
        #expect(face.threshold(galleryCount: 0) == 700)
        #expect(face.threshold(galleryCount: Int.max) == 700)
        let inverted = IdentificationThreshold(loose: 10, looseFMR: 1e-6, strict: 15, strictFMR: 1e-3)
        #expect(inverted.threshold(galleryCount: 5) == 15)
        let zero = IdentificationThreshold(loose: 10, looseFMR: 0, strict: 15, strictFMR: 0)
        #expect(zero.threshold(galleryCount: 5) == 15)
    }
}
