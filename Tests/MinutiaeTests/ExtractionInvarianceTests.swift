import Biometrics
import Foundation
import Minutiae
import Testing

@Suite(
    "Extraction under image transforms",
    .enabled(
        if: ExtractionTestImages.fingerprintsFolder != nil,
        Comment(rawValue: ExtractionTestImages.missingDataMessage)))
struct ExtractionInvarianceTests {
    static let samples: [(set: String, name: String)] = [
        ("fvc2002_db1_b", "101_1"), ("fvc2002_db1_b", "106_2"), ("fvc2004_db4_b_synthetic_subset", "102_3"),
    ]
    typealias Support = ExtractionTestSupport

    @Test("an inverted image (light ridges) gives nearly the same minutiae", arguments: samples)
    func invertedPolarity(sample: (set: String, name: String)) throws {
        let image = try #require(try ExtractionTestImages.fvc(sample.set, sample.name))
        let original = try Support.extractor.extract(image).minutiae
        let inverted = try Support.extractor.extract(try Support.inverted(image)).minutiae
        let matched = Support.partners(original, inverted, sameKind: true)
        #expect(
            Double(matched) >= 0.6 * Double(max(original.count, inverted.count)),
            "\(sample): \(matched) of \(original.count) / \(inverted.count)")
    }

    /// A ridge ending is a bifurcation of the valleys: reading the valleys as ridges swaps the kinds.
    @Test("forcing the wrong polarity swaps endings and bifurcations")
    func wrongPolaritySwapsKinds() throws {
        let image = try #require(try ExtractionTestImages.fvc("fvc2002_db1_b", "101_1"))
        let automatic = try Support.extractor.extract(image).minutiae
        let forced = try MinutiaeExtractor(polarity: .lightRidges).extract(image).minutiae
        let anyKind = Support.partners(automatic, forced)
        let sameKind = Support.partners(automatic, forced, sameKind: true)
        #expect(anyKind >= automatic.count / 2, "\(anyKind) of \(automatic.count)")
        #expect(Double(sameKind) < 0.3 * Double(anyKind), "\(sameKind) of \(anyKind) kept their kind")
    }

    @Test("a 4-bit copy (module UART upload) keeps most minutiae", arguments: samples)
    func fourBitImage(sample: (set: String, name: String)) throws {
        let image = try #require(try ExtractionTestImages.fvc(sample.set, sample.name))
        let original = try Support.extractor.extract(image).minutiae
        let quantised = try Support.extractor.extract(try Support.fourBit(image)).minutiae
        let matched = Support.partners(original, quantised)
        #expect(Double(matched) >= 0.6 * Double(original.count), "\(sample): \(matched) of \(original.count)")
    }

    /// What the terminal gets from a module behind a UART: a 256×288 window, 16 grey levels.
    @Test("a 4-bit 256×288 window finds the full image's minutiae inside the window")
    func moduleSizedWindow() throws {
        let image = try #require(try ExtractionTestImages.fvc("fvc2002_db1_b", "107_3"))
        let (left, top) = ((image.width - 256) / 2, (image.height - 288) / 2)
        let window = try Support.fourBit(try Support.cropped(image, x: left, y: top, width: 256, height: 288))
        let inWindow = try Support.extractor.extract(window)
        #expect(inWindow.width == 256 && inWindow.height == 288)
        #expect((12...80).contains(inWindow.minutiae.count), "\(inWindow.minutiae.count) minutiae")
        // Minutiae of the full image well inside the window (not near its cut edges).
        let full = try Support.extractor.extract(image).minutiae.filter { m in
            (left + 20..<(left + 236)).contains(m.x) && (top + 20..<(top + 268)).contains(m.y)
        }
        let matched = Support.partners(full, inWindow.minutiae) { m in
            Minutia(kind: m.kind, x: m.x - left, y: m.y - top, angle: m.angle, quality: m.quality)
        }
        #expect(full.count >= 10)
        #expect(Double(matched) >= 0.7 * Double(full.count), "\(matched) of \(full.count)")
    }

    @Test("rotating the image by 90° rotates the minutiae", arguments: samples)
    func rotation(sample: (set: String, name: String)) throws {
        let image = try #require(try ExtractionTestImages.fvc(sample.set, sample.name))
        let original = try Support.extractor.extract(image).minutiae
        let rotated = try Support.extractor.extract(try Support.rotatedClockwise(image)).minutiae
        // Clockwise on screen: (x, y) → (height - 1 - y, x), counter-clockwise angles decrease by π/2.
        let matched = Support.partners(original, rotated) { m in
            var angle = m.angle - .pi / 2
            if angle < 0 { angle += 2 * .pi }
            return Minutia(kind: m.kind, x: image.height - 1 - m.y, y: m.x, angle: angle, quality: m.quality)
        }
        #expect(
            Double(matched) >= 0.6 * Double(max(original.count, rotated.count)),
            "\(sample): \(matched) of \(original.count) / \(rotated.count)")
    }

    @Test("translating the image translates the minutiae", arguments: samples)
    func translation(sample: (set: String, name: String)) throws {
        let image = try #require(try ExtractionTestImages.fvc(sample.set, sample.name))
        let original = try Support.extractor.extract(image).minutiae
        let background = image.pixels.max() ?? 255
        let moved = try Support.extractor.extract(try Support.translated(image, dx: 37, dy: 21, fill: background))
            .minutiae
        let matched = Support.partners(original, moved) { m in
            Minutia(kind: m.kind, x: m.x + 37, y: m.y + 21, angle: m.angle, quality: m.quality)
        }
        #expect(
            Double(matched) >= 0.7 * Double(max(original.count, moved.count)),
            "\(sample): \(matched) of \(original.count) / \(moved.count)")
    }

    @Test("a 1000 dpi copy is scaled to 500 dpi and reported in its own pixels")
    func higherResolution() throws {
        let image = try #require(try ExtractionTestImages.fvc("fvc2002_db1_b", "104_2"))
        let original = try Support.extractor.extract(image).minutiae
        let large = try Support.doubled(image)
        let result = try Support.extractor.extract(large, pixelsPerCentimetre: 2 * MinutiaeSet.standardResolution)
        #expect(result.width == large.width && result.pixelsPerCentimetre == 2 * MinutiaeSet.standardResolution)
        let matched = Support.partners(original, result.minutiae, distance: 16) { m in
            Minutia(kind: m.kind, x: 2 * m.x, y: 2 * m.y, angle: m.angle, quality: m.quality)
        }
        #expect(Double(matched) >= 0.6 * Double(original.count), "\(matched) of \(original.count)")
    }
}
