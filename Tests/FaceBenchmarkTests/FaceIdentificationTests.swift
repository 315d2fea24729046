import Biometrics
import FaceRecognition
import Foundation
import Measuring
import Testing

@testable import FaceBenchmark

@Suite("Face 1:N: synthetic faces, folds, verdict scan")
struct FaceIdentificationTests {
    /// A unit vector near axis `axis` (subjects on different axes are ≈ √2 apart).
    static func embedding(axis: Int, jitter: Float, seed: UInt64) -> FaceEmbedding {
        var generator = SplitMix64(seed: seed)
        var values = (0..<FaceEmbedding.dimension).map { _ in Float(generator.nextGaussian()) * jitter }
        values[axis] += 1
        return try! FaceEmbedding(values: values)
    }

    /// `count` subjects of 4 images each, tightly clustered around their own axis.
    static func subjects(_ count: Int) -> [String: [FaceEmbedding]] {
        Dictionary(
            uniqueKeysWithValues: (1...count).map { s in
                ("s\(s)", (0..<4).map { embedding(axis: s, jitter: 0.01, seed: UInt64(s * 10 + $0)) })
            })
    }

    @Test func syntheticFacesAreSeededAndSpreadLikeTheirSources() {
        let sources = (0..<6).map { Self.embedding(axis: $0, jitter: 0.02, seed: UInt64($0)) }
        let a = SyntheticFaces(seed: 3).embeddings(from: sources, count: 400)
        #expect(a == SyntheticFaces(seed: 3).embeddings(from: sources, count: 400))
        #expect(a != SyntheticFaces(seed: 4).embeddings(from: sources, count: 400))
        #expect(a.count == 400)
        // The draws' mean on axis 0 is near the sources' (1/6), and they vary there like the sources.
        let mean = a.map { Double($0.values[0]) }.reduce(0, +) / 400
        #expect(abs(mean - 1.0 / 6) < 0.05, "mean \(mean)")
        // Nothing outside the sources' span: axis 100 only carries their jitter.
        #expect(a.allSatisfy { abs($0.values[100]) < 0.2 })
        #expect(SyntheticFaces(seed: 1).embeddings(from: [sources[0]], count: 5).isEmpty)
    }

    @Test func foldsIdentifyEveryMemberAndRefuseStrangers() {
        let protector = FaceTemplateProtector(key: FaceProtectionKey.generate())
        let run = FaceIdentification(galleryCount: 30, enrollImages: 1, seed: 5).run(
            subjects: Self.subjects(6), protector: protector)
        // Per fold 2 enrolled subjects × 3 probes and 2 impostors × 4 images.
        let genuine = run.outcomes.filter { $0.mateScore != nil }
        #expect(genuine.count == 3 * 2 * 3)
        #expect(run.outcomes.count - genuine.count == 3 * 2 * 4)
        #expect(run.galleryEntries == 30)
        #expect(run.sourceEmbeddings == 3 * 2 * 4)
        #expect(run.nonMateScores.total == genuine.count * 29 + (run.outcomes.count - genuine.count) * 30)
        let rates = IdentificationRates(outcomes: run.outcomes, threshold: ProtectedFaceMatcher.identificationThreshold)
        #expect(rates.fnir == 0 && rates.fpir == 0, "\(run.outcomes)")
        // At a threshold no distance reaches, every member is missed.
        #expect(IdentificationRates(outcomes: run.outcomes, threshold: 1001).fnir == 1)
    }

    @Test func verdictScanNamesTheBestEntryAtTheThreshold() {
        let protector = FaceTemplateProtector(key: FaceProtectionKey.generate())
        let gallery = (1...5).map { protector.protect(Self.embedding(axis: $0, jitter: 0.01, seed: UInt64($0))) }
        let probe = protector.protect(Self.embedding(axis: 3, jitter: 0.01, seed: 99))
        let hit = FaceVerdictTiming.best(probe, in: gallery, threshold: ProtectedFaceMatcher.identificationThreshold)
        #expect(hit?.index == 2)
        let stranger = protector.protect(Self.embedding(axis: 50, jitter: 0.01, seed: 7))
        #expect(
            FaceVerdictTiming.best(stranger, in: gallery, threshold: ProtectedFaceMatcher.identificationThreshold)
                == nil)
        #expect(
            ProtectedFaceMatcher.identification(protector: protector).threshold
                == ProtectedFaceMatcher.identificationThreshold)
        #expect(ProtectedFaceMatcher.identificationThreshold > ProtectedFaceMatcher.defaultThreshold)
    }
}
