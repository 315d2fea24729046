import Biometrics
import Foundation
import Imaging
import Testing

@testable import Minutiae

@Suite("Thinning: 64 pixels a step, the same skeleton as Zhang-Suen pixel by pixel")
struct ThinningTests {
    @Test(arguments: [(1, 1), (5, 3), (62, 20), (63, 17), (64, 64), (65, 9), (126, 40), (130, 31), (257, 70)])
    func stripesAsThePixelByPixelReference(width: Int, height: Int) {
        for seed in 0..<4 {
            let image = ThinningFixtures.stripes(width: width, height: height, seed: UInt64(seed))
            #expect(ThinningFixtures.differences(image).isEmpty, "seed \(seed)")
        }
    }

    @Test(arguments: [0.2, 0.5, 0.8])
    func randomPixelsAsThePixelByPixelReference(density: Double) {
        for seed in 0..<4 {
            let image = ThinningFixtures.random(width: 97, height: 61, density: density, seed: UInt64(seed))
            #expect(ThinningFixtures.differences(image).isEmpty, "seed \(seed)")
        }
    }

    @Test func aFullImageAndAnEmptyOne() {
        let full = ThinningFixtures.random(width: 70, height: 70, density: 1, seed: 1)
        #expect(ThinningFixtures.differences(full).isEmpty)
        let empty = BinaryImage(width: 70, height: 70)
        #expect(ThinningFixtures.thinned(empty) == empty.pixels)
    }

    @Test(
        .enabled(if: ExtractionTestImages.fingerprintsFolder != nil, "\(ExtractionTestImages.missingDataMessage)"),
        arguments: [
            ("fvc2002_db1_b", "101_5"), ("fvc2002_db1_b", "110_6"), ("fvc2004_db4_b_synthetic_subset", "101_5"),
        ])
    func ridgeMapsOfRealPrintsAsThePixelByPixelReference(set: String, name: String) throws {
        let image = try #require(try ExtractionTestImages.fvc(set, name))
        let ridges = ThinningFixtures.ridgeMap(image)
        let skeleton = ThinningFixtures.thinned(ridges)
        #expect(ThinningFixtures.differences(ridges).isEmpty)
        #expect(zip(skeleton, ridges.pixels).allSatisfy { $0 <= $1 }, "the skeleton lies on the ridges")
        #expect(skeleton.count { $0 != 0 } * 3 < ridges.pixels.count { $0 != 0 }, "thinned to lines")
    }
}

/// Binary images for the thinning tests and the pixel-by-pixel Zhang-Suen the packed one must equal.
enum ThinningFixtures {
    static func thinned(_ image: BinaryImage) -> [UInt8] {
        var copy = image
        Thinning.thin(&copy)
        return copy.pixels
    }

    /// The first few pixels (x, y) where the packed thinning and the reference disagree.
    static func differences(_ image: BinaryImage) -> [String] {
        let (packed, reference) = (thinned(image), referenceThinned(image))
        let differing = packed.indices.lazy.filter { packed[$0] != reference[$0] }.prefix(5)
        return differing.map { "(\($0 % image.stride - 1), \($0 / image.stride - 1))" }
    }

    /// Ridge-like bands: a thresholded sine wave whose direction and period drift across the image.
    static func stripes(width: Int, height: Int, seed: UInt64) -> BinaryImage {
        var generator = SplitMix64(seed: seed)
        let angle = Double.random(in: 0..<Double.pi, using: &generator)
        let period = Double.random(in: 6...12, using: &generator)
        let bend = Double.random(in: -0.02...0.02, using: &generator)
        var image = BinaryImage(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                let (dx, dy) = (Double(x), Double(y))
                let distance: Double = dx * cos(angle) + dy * sin(angle) + bend * dx * dy
                let phase: Double = distance * 2 * Double.pi / period
                image.pixels[image.index(x, y)] = sin(phase) > -0.2 ? 1 : 0
            }
        }
        return image
    }

    static func random(width: Int, height: Int, density: Double, seed: UInt64) -> BinaryImage {
        var generator = SplitMix64(seed: seed)
        var image = BinaryImage(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width where Double.random(in: 0..<1, using: &generator) < density {
                image.pixels[image.index(x, y)] = 1
            }
        }
        return image
    }

    /// The extractor's binary ridge map of a dark-ridged 500 dpi image.
    static func ridgeMap(_ image: GrayImage) -> BinaryImage {
        let plane = ResolutionScaler.workingPlane(of: image, pixelsPerCentimetre: MinutiaeSet.standardResolution).plane
        let grid = CellGrid(width: plane.width, height: plane.height)
        let segmentation = PrintSegmentation(
            tensor: GradientTensor(plane: plane, grid: grid, blurred: true), grid: grid)
        let orientation = OrientationField(tensor: GradientTensor(plane: plane, grid: grid, blurred: false), grid: grid)
        return RidgeEnhancement(image: plane, grid: grid, segmentation: segmentation, orientation: orientation).ridges
    }

    /// Zhang-Suen one pixel at a time from 256-entry tables, then the staircase pass in row order.
    static func referenceThinned(_ image: BinaryImage) -> [UInt8] {
        var first = [Bool](repeating: false, count: 256)
        var second = first
        for pattern in 0..<256 {
            let bit = { (k: Int) in (pattern >> k) & 1 }
            let neighbours = (0..<8).reduce(0) { $0 + bit($1) }
            guard (2...6).contains(neighbours), SkeletonTopology.crossingNumber[pattern] == 1 else { continue }
            let (n, e, s, w) = (bit(0), bit(2), bit(4), bit(6))
            first[pattern] = n * e * s == 0 && e * s * w == 0
            second[pattern] = n * e * w == 0 && n * s * w == 0
        }
        var pixels = image.pixels
        let stride = image.stride
        let inside = (0..<image.height).flatMap { y in (0..<image.width).map { image.index($0, y) } }
        pixels.withUnsafeMutableBufferPointer { p in
            var changed = true
            while changed {
                changed = false
                for table in [first, second] {
                    let doomed = inside.filter { p[$0] != 0 && table[BinaryImage.pattern(p, $0, stride)] }
                    for i in doomed { p[i] = 0 }
                    changed = changed || !doomed.isEmpty
                }
            }
            for i in inside where p[i] != 0 {
                let pattern = BinaryImage.pattern(p, i, stride)
                if pattern.nonzeroBitCount >= 2 && SkeletonTopology.components8[pattern] == 1 { p[i] = 0 }
            }
        }
        return pixels
    }
}
