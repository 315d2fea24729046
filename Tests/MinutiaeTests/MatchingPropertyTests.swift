import Biometrics
import Foundation
import MinutiaeTesting
import Testing

@testable import Minutiae

@Suite("Matcher properties")
struct MatchingPropertyTests {
    let matcher = MinutiaeMatcher()

    @Test func aSetAgainstItselfScoresTheMaximum() {
        for seed in 0..<5 as Range<UInt64> {
            let set = matcher.prepare(MinutiaeTestData.syntheticSet(seed: seed))
            #expect(matcher.score(set, set) == 100)
        }
    }

    @Test(arguments: [(0.0, 0, 0), (0.3, 25, -40), (-0.5, -60, 10), (Double.pi / 2, 0, 0), (Double.pi, 30, 30)])
    func rotatedAndTranslatedCopyMatches(radians: Double, dx: Int, dy: Int) {
        let original = MinutiaeTestData.syntheticSet(seed: 7)
        let copy = MinutiaeTestData.transformed(original, radians: radians, dx: dx, dy: dy)
        let score = matcher.score(matcher.prepare(original), matcher.prepare(copy))
        #expect(score >= 80, "score \(score)")
    }

    @Test func distortedPartialCopyStillMatches() {
        let original = MinutiaeTestData.syntheticSet(seed: 11, count: 45)
        var generator = SplitMix64(seed: 99)
        var copy = MinutiaeTestData.transformed(original, radians: 0.2, dx: 15, dy: -10)
        // Stretch by 4% away from the centre, jitter each minutia by up to 2 px and 6°, lose a quarter of them.
        copy.minutiae = copy.minutiae.enumerated().compactMap { index, minutia in
            guard index % 4 != 0 else { return nil }
            var moved = minutia
            moved.x = 150 + Int(Double(minutia.x - 150) * 1.04) + Int(generator.next() % 5) - 2
            moved.y = 200 + Int(Double(minutia.y - 200) * 1.04) + Int(generator.next() % 5) - 2
            moved.angle = (minutia.angle + Double(Int(generator.next() % 13) - 6) * .pi / 180 + 2 * .pi)
                .truncatingRemainder(dividingBy: 2 * .pi)
            return moved
        }
        let score = matcher.score(matcher.prepare(original), matcher.prepare(copy))
        #expect(score >= matcher.threshold, "score \(score)")
    }

    @Test func unrelatedSetsScoreBelowTheThreshold() {
        let sets = (100..<110 as Range<UInt64>).map { matcher.prepare(MinutiaeTestData.syntheticSet(seed: $0)) }
        for a in sets.indices {
            for b in sets.indices where b != a {
                #expect(matcher.score(sets[a], sets[b]) < matcher.threshold)
            }
        }
    }

    @Test func resolutionIsNormalisedTo500Dpi() {
        let original = MinutiaeTestData.syntheticSet(seed: 3)
        var at1000dpi = original
        at1000dpi.pixelsPerCentimetre = 394
        at1000dpi.width *= 2
        at1000dpi.height *= 2
        at1000dpi.minutiae = original.minutiae.map {
            Minutia(kind: $0.kind, x: $0.x * 2, y: $0.y * 2, angle: $0.angle, quality: $0.quality)
        }
        #expect(matcher.score(matcher.prepare(original), matcher.prepare(at1000dpi)) == 100)
    }

    @Test func tinyAndEmptySetsScoreZeroWithoutCrashing() {
        let empty = matcher.prepare(MinutiaeSet(width: 10, height: 10, quality: 0, minutiae: []))
        let one = matcher.prepare(
            MinutiaeSet(
                width: 10, height: 10, quality: 0,
                minutiae: [
                    Minutia(kind: .ending, x: 5, y: 5, angle: 1, quality: 1)
                ]))
        let four = matcher.prepare(MinutiaeTestData.syntheticSet(seed: 5, count: 4))
        #expect(matcher.score(empty, empty) == 0)
        #expect(matcher.score(one, four) == 0)
        #expect(matcher.score(four, four) == 0)  // fewer pairs than Parameters.minimumPairs
    }

    @Test func nonFiniteAnglesAndHugeCoordinatesDoNotCrash() {
        var set = MinutiaeTestData.syntheticSet(seed: 21)
        set.minutiae[0].angle = .nan
        set.minutiae[1].angle = .infinity
        set.minutiae[2].angle = 1e300
        set.minutiae[3].x = Int.max / 2
        let prepared = matcher.prepare(set)
        #expect(matcher.score(prepared, prepared) >= 80)
    }

    @Test func moreThan255MinutiaeKeepTheBestQuality() {
        var set = MinutiaeTestData.syntheticSet(seed: 8, count: 300, width: 2000, height: 2000)
        for index in set.minutiae.indices { set.minutiae[index].quality = index < 45 ? 10 : 90 }
        let prepared = matcher.prepare(set)
        #expect(prepared.count == 255)
        #expect(prepared.angles == set.minutiae[45...].map { TurnUnits.from(radians: $0.angle) })
    }
}
