import Biometrics
import Foundation
import Measuring
import Minutiae
import Testing

@testable import BiometricEvaluation

@Suite("Synthetic gallery and 1:N benchmark")
struct SyntheticGalleryTests {
    /// A deterministic irregular set of `count` minutiae on a 300×400 image.
    static func randomSet(seed: UInt64, count: Int = 40) -> MinutiaeSet {
        var generator = SplitMix64(seed: seed)
        var minutiae: [Minutia] = []
        while minutiae.count < count {
            let x = Int.random(in: 20..<280, using: &generator)
            let y = Int.random(in: 20..<380, using: &generator)
            guard !minutiae.contains(where: { abs($0.x - x) + abs($0.y - y) < 12 }) else { continue }
            minutiae.append(
                Minutia(
                    kind: Bool.random(using: &generator) ? .ending : .bifurcation, x: x, y: y,
                    angle: Double.random(in: 0..<(2 * .pi), using: &generator), quality: 60))
        }
        return MinutiaeSet(width: 300, height: 400, quality: 60, minutiae: minutiae)
    }

    let sources = (1...3).map { randomSet(seed: $0) }

    @Test func sameSeedGivesTheSameEntries() {
        let a = SyntheticGallery(seed: 7).sets(from: sources, count: 20)
        let b = SyntheticGallery(seed: 7).sets(from: sources, count: 20)
        let c = SyntheticGallery(seed: 8).sets(from: sources, count: 20)
        #expect(a.count == 20)
        #expect(a == b)
        #expect(a != c)
        #expect(a[0] != a[3], "two copies of one source differ")
    }

    @Test func entriesStayOnTheImageAndDropAboutTheConfiguredShare() {
        let sets = SyntheticGallery(seed: 3).sets(from: sources, count: 30)
        for set in sets {
            #expect(set.minutiae.allSatisfy { (0..<300).contains($0.x) && (0..<400).contains($0.y) })
            #expect(set.minutiae.allSatisfy { (0..<(2 * .pi)).contains($0.angle) })
        }
        let kept = Double(sets.reduce(0) { $0 + $1.minutiae.count }) / Double(30 * 40)
        #expect(kept > 0.6 && kept < 0.95, "kept \(kept)")
    }

    @Test func noPerturbationCopiesTheSources() {
        let none = MinutiaePerturbation(
            maxRotation: 0, maxTranslation: 0, maxPositionJitter: 0, maxAngleJitter: 0,
            dropout: 0)
        let sets = SyntheticGallery(seed: 1, perturbation: none).sets(from: sources, count: 6)
        #expect(sets == sources + sources)
        let all = MinutiaePerturbation(dropout: 1)
        #expect(
            SyntheticGallery(seed: 1, perturbation: all).sets(from: sources, count: 2).allSatisfy {
                $0.minutiae.isEmpty
            })
        #expect(SyntheticGallery(seed: 1).sets(from: [], count: 5).isEmpty)
    }

    @Test func identificationFindsPresentFingersAndScansForAbsentOnes() {
        let present = Self.randomSet(seed: 100)
        let slightly = MinutiaePerturbation(
            maxRotation: 0.2, maxTranslation: 10, maxPositionJitter: 1,
            maxAngleJitter: 0.05, dropout: 0.05)
        var generator = SplitMix64(seed: 5)
        let probe = slightly.apply(to: present, using: &generator)
        let benchmark = IdentificationBenchmark(galleryCount: 60, builder: SyntheticGallery(seed: 11))
        let result = benchmark.run(
            sources: sources,
            present: [.init(name: "own", enrolled: [present], probes: [probe])],
            absentProbes: [Self.randomSet(seed: 200), Self.randomSet(seed: 201)])
        #expect(result.galleryEntries == 60)
        #expect(result.galleryViews == 60)
        #expect(result.sourceSets == 3)
        #expect(result.present.probes == 1 && result.present.correct == 1)
        #expect(result.presentEntryPositions.count == 1 && (0..<60).contains(result.presentEntryPositions[0]))
        #expect(result.absent.probes == 2 && result.absent.matched == 0)
        #expect(result.absent.cpuSecondsMedian > 0 && result.absent.wallSecondsMedian > 0)
        #expect(result.absentWithinTarget == (result.absent.cpuSecondsMedian <= 0.35))
    }

    @Test func threadCPUTimeAdvancesWithWork() {
        let start = ThreadCPUTime.now()
        var x = 0.0
        for i in 0..<3_000_000 { x += Double(i).squareRoot() }
        #expect(x > 0)
        #expect(ThreadCPUTime.now() > start)
    }
}

@Suite("False matches counted per probe")
struct ProbeIdentificationTests {
    @Test func aProbeMatchingTwoOtherFingersCountsOnce() {
        let a = SyntheticGalleryTests.randomSet(seed: 1)
        let (c, d, e) = (
            SyntheticGalleryTests.randomSet(seed: 3), SyntheticGalleryTests.randomSet(seed: 4),
            SyntheticGalleryTests.randomSet(seed: 5)
        )
        // Fingers "1" and "2" enroll the same set a, which is the probe of finger "3": one probe, two false matches.
        let plan = ImpressionPlan(enroll: [1], probe: [2])
        let sets = FingerprintSets(
            folder: "t", source: .isoRecords,
            fingers: ["1": [1: a, 2: c], "2": [1: a, 2: d], "3": [1: e, 2: a]],
            extractMilliseconds: [], extractCPUMilliseconds: [], notes: [])
        let report = try? FingerprintEvaluation(plan: plan).evaluate(sets)
        #expect(report?.falseMatches == 2)
        #expect(report?.falseMatchProbes == 1)
        #expect(report?.genuineAccepted == 0)
    }
}
