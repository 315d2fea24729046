import Biometrics
import Foundation
import Minutiae
import SharedTestData

/// Test data for minutiae tests: the shared FVC folders' ISO records (`../shared/data` next to the package root),
/// deterministic synthetic sets and their rigid transforms.
public enum MinutiaeTestData {
    public static let fingerprints: URL = SharedData.fingerprints

    public static let fvcFolders = ["fvc2002_db1_b", "fvc2004_db4_b_synthetic_subset"]

    public static var available: Bool {
        FileManager.default.fileExists(atPath: fingerprints.appendingPathComponent(fvcFolders[0]).path)
    }

    /// The `.iso` files of an FVC folder, sorted by name.
    public static func isoFiles(in folder: String) throws -> [URL] {
        let directory = fingerprints.appendingPathComponent(folder)
        return try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".iso") }.sorted().map { directory.appendingPathComponent($0) }
    }

    /// finger → impression → first view, from `NNN_I.iso` names.
    public static func fingers(in folder: String) throws -> [Int: [Int: MinutiaeSet]] {
        var fingers: [Int: [Int: MinutiaeSet]] = [:]
        for file in try isoFiles(in: folder) {
            let parts = file.deletingPathExtension().lastPathComponent.split(separator: "_")
            guard parts.count == 2, let finger = Int(parts[0]), let impression = Int(parts[1]) else { continue }
            let record = try ISOMinutiaeRecord(isoData: Data(contentsOf: file))
            fingers[finger, default: [:]][impression] = record.minutiaeSets[0]
        }
        return fingers
    }

    /// A synthetic, irregular minutiae set (deterministic) for property tests.
    public static func syntheticSet(seed: UInt64, count: Int = 40, width: Int = 300, height: Int = 400) -> MinutiaeSet {
        var generator = SplitMix64(seed: seed)
        var minutiae: [Minutia] = []
        while minutiae.count < count {
            let x = Int(generator.next() % UInt64(width - 40)) + 20
            let y = Int(generator.next() % UInt64(height - 40)) + 20
            guard !minutiae.contains(where: { abs($0.x - x) + abs($0.y - y) < 12 }) else { continue }
            let angle = Double(generator.next() % 256) * 2 * .pi / 256
            minutiae.append(
                Minutia(
                    kind: generator.next() % 2 == 0 ? .ending : .bifurcation, x: x, y: y,
                    angle: angle, quality: 60))
        }
        return MinutiaeSet(width: width, height: height, quality: 60, minutiae: minutiae)
    }

    /// `set` rotated by `radians` (counter-clockwise on the image) about its centre, then shifted.
    public static func transformed(_ set: MinutiaeSet, radians: Double, dx: Int, dy: Int) -> MinutiaeSet {
        let cx = Double(set.width) / 2
        let cy = Double(set.height) / 2
        var result = set
        result.minutiae = set.minutiae.map { minutia in
            // y grows downwards, so a counter-clockwise turn on the image is clockwise in (x, y).
            let x = Double(minutia.x) - cx
            let y = Double(minutia.y) - cy
            let rx = x * cos(radians) + y * sin(radians)
            let ry = -x * sin(radians) + y * cos(radians)
            var angle = (minutia.angle + radians).truncatingRemainder(dividingBy: 2 * .pi)
            if angle < 0 { angle += 2 * .pi }
            return Minutia(
                kind: minutia.kind, x: Int((rx + cx).rounded()) + dx, y: Int((ry + cy).rounded()) + dy,
                angle: angle, quality: minutia.quality)
        }
        return result
    }
}
