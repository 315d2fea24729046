import Biometrics
import Foundation
import Minutiae
import Testing

@Suite(
    "Extraction on the shared FVC images",
    .enabled(
        if: ExtractionTestImages.fingerprintsFolder != nil,
        Comment(rawValue: ExtractionTestImages.missingDataMessage)))
struct ExtractionRealImageTests {
    static let samples: [(set: String, name: String)] = [
        ("fvc2002_db1_b", "101_1"), ("fvc2002_db1_b", "103_2"), ("fvc2002_db1_b", "105_5"), ("fvc2002_db1_b", "108_4"),
        ("fvc2004_db4_b_synthetic_subset", "101_1"), ("fvc2004_db4_b_synthetic_subset", "104_6"),
    ]

    @Test("minutiae counts, positions and qualities are sane", arguments: samples)
    func sane(sample: (set: String, name: String)) throws {
        let image = try #require(try ExtractionTestImages.fvc(sample.set, sample.name))
        let result = try ExtractionTestSupport.extractor.extract(image)
        #expect((12...90).contains(result.minutiae.count), "\(sample): \(result.minutiae.count) minutiae")
        #expect(result.width == image.width && result.height == image.height)
        #expect(result.pixelsPerCentimetre == MinutiaeSet.standardResolution)
        #expect((30...100).contains(result.quality), "\(sample): quality \(result.quality)")
        #expect(Set(result.minutiae.map(\.kind)).isSubset(of: [.ending, .bifurcation]))
        #expect(result.minutiae.contains { $0.kind == .ending } && result.minutiae.contains { $0.kind == .bifurcation })
        for m in result.minutiae {
            #expect((0..<image.width).contains(m.x) && (0..<image.height).contains(m.y))
            #expect(m.angle >= 0 && m.angle < 2 * .pi)
            #expect((1...100).contains(m.quality))
        }
    }

    /// The shared `.iso` records were made by a commercial SDK from the same images stretched to the
    /// record's 300×400 canvas; mapped into that frame, most of our minutiae coincide with theirs.
    @Test("agrees with the commercial SDK's minutiae of the same images")
    func agreesWithReference() throws {
        var matched = 0
        var ours = 0
        var theirs = 0
        for sample in Self.samples {
            let image = try #require(try ExtractionTestImages.fvc(sample.set, sample.name))
            let reference = try #require(try ExtractionTestSupport.isoMinutiae(set: sample.set, name: sample.name))
            let found = try ExtractionTestSupport.extractor.extract(image).minutiae
            let sx = Double(reference.width) / Double(image.width)
            let sy = Double(reference.height) / Double(image.height)
            matched += ExtractionTestSupport.partners(found, reference.minutiae, distance: 12) { m in
                var angle = atan2(sin(m.angle) * sy, cos(m.angle) * sx)
                if angle < 0 { angle += 2 * .pi }
                return Minutia(
                    kind: m.kind, x: Int((Double(m.x) * sx).rounded()), y: Int((Double(m.y) * sy).rounded()),
                    angle: angle, quality: m.quality)
            }
            ours += found.count
            theirs += reference.minutiae.count
        }
        let precision = Double(matched) / Double(max(1, ours))
        let recall = Double(matched) / Double(max(1, theirs))
        #expect(
            precision >= 0.7 && recall >= 0.7,
            "precision \(precision), recall \(recall) over \(Self.samples.count) images")
    }

    @Test("the same image gives the same minutiae, also from concurrent tasks")
    func deterministic() async throws {
        let image = try #require(try ExtractionTestImages.fvc("fvc2002_db1_b", "102_3"))
        let first = try ExtractionTestSupport.extractor.extract(image)
        let others = try await withThrowingTaskGroup(of: MinutiaeSet.self) { group in
            for _ in 0..<3 { group.addTask { try ExtractionTestSupport.extractor.extract(image) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(!first.minutiae.isEmpty)
        for other in others { #expect(other == first) }
    }
}
