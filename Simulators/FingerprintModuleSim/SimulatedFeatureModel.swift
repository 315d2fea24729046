import Biometrics
import FingerprintModule
import Foundation

/// How the simulated module turns a finger into features, merges templates and scores them.
///
/// A finger identity seeds 240 "minutia cells" (values 1-255). Each press keeps most cells, redraws
/// about 8 % (placement variation) and blanks some in proportion to low quality (missing minutiae).
/// Feature file (256 bytes): "ZF", quality, 13 zero bytes, 240 cells. Template (512 bytes): "ZT",
/// quality, 13 zero bytes, cells of press A, 16 zero bytes, cells of press B.
/// Score = number of cell positions where some layer of one equals some layer of the other (0-240).
public enum SimulatedFeatureModel {
    /// Number of cells in one layer.
    public static let cellCount = 240
    static let headerLength = 16
    static let featureMagic: [UInt8] = [0x5A, 0x46]
    static let templateMagic: [UInt8] = [0x5A, 0x54]
    /// Share of cells redrawn on each press.
    static let pressVariation = 0.08

    /// Match thresholds for security levels 1-5.
    public static func threshold(securityLevel: Int) -> Int {
        [30, 40, 50, 70, 90][min(max(securityLevel, 1), 5) - 1]
    }

    /// The feature file of one press.
    public static func featureFile(identity: String, quality: Int, pressSeed: UInt64) -> [UInt8] {
        var base = SplitMix64(seed: stableHash(identity))
        var press = SplitMix64(seed: stableHash(identity, pressSeed))
        let missing = Double(100 - min(max(quality, 0), 100)) / 200
        var bytes = featureMagic + [UInt8(clamping: quality)] + [UInt8](repeating: 0, count: headerLength - 3)
        for _ in 0..<cellCount {
            var cell = UInt8(base.next() % 255 + 1)
            if press.chance(pressVariation) { cell = UInt8(press.next() % 255 + 1) }
            if press.chance(missing) { cell = 0 }
            bytes.append(cell)
        }
        return bytes
    }

    /// The cell layers of a feature file (one) or template (two); nil for anything else.
    public static func layers(_ bytes: [UInt8]) -> [ArraySlice<UInt8>]? {
        let magic = Array(bytes.prefix(2))
        switch bytes.count {
        case 256 where magic == featureMagic:
            return [bytes[headerLength..<(headerLength + cellCount)]]
        case 512 where magic == templateMagic:
            return [
                bytes[headerLength..<(headerLength + cellCount)],
                bytes[(256 + headerLength)..<(256 + headerLength + cellCount)],
            ]
        default:
            return nil
        }
    }

    /// Similarity 0-240; 0 when either side is not a simulator char file.
    public static func score(_ a: [UInt8], _ b: [UInt8]) -> Int {
        guard let left = layers(a), let right = layers(b) else { return 0 }
        var score = 0
        for index in 0..<cellCount {
            let agrees = left.contains { l in
                let value = l[l.startIndex + index]
                return value != 0 && right.contains { r in r[r.startIndex + index] == value }
            }
            if agrees { score += 1 }
        }
        return score
    }

    /// A 512-byte template from the first layers of two char files; nil when either is invalid.
    public static func merge(_ a: [UInt8], _ b: [UInt8]) -> [UInt8]? {
        guard let left = layers(a)?.first, let right = layers(b)?.first else { return nil }
        let quality = min(a[2], b[2])
        let header = templateMagic + [quality] + [UInt8](repeating: 0, count: headerLength - 3)
        return header + Array(left) + [UInt8](repeating: 0, count: headerLength) + Array(right)
    }

    /// An 8-bit 256 × 288 image of the finger: a whorl of ridges whose centre, spacing and twist
    /// come from the identity, shifted a little per press, noisier at low quality.
    public static func image(identity: String, quality: Int, pressSeed: UInt64) -> [UInt8] {
        var finger = SplitMix64(seed: stableHash(identity, 1))
        var press = SplitMix64(seed: pressSeed ^ 0x5EED)
        let width = ZFMImage.width
        let height = ZFMImage.height
        let centreX = Double(width) * (0.4 + Double(finger.next() % 20) / 100)
        let centreY = Double(height) * (0.4 + Double(finger.next() % 20) / 100)
        let spacing = 7 + Double(finger.next() % 40) / 10
        let twist = Double(finger.next() % 628) / 100
        let shiftX = Double(press.next() % 9) - 4
        let shiftY = Double(press.next() % 9) - 4
        let noise = Double(100 - min(max(quality, 0), 100)) * 1.2
        var pixels = [UInt8](repeating: 255, count: ZFMImage.pixelCount)
        for y in 0..<height {
            for x in 0..<width {
                let dx = Double(x) - centreX - shiftX
                let dy = Double(y) - centreY - shiftY
                let inside = (dx * dx) / (110 * 110) + (dy * dy) / (135 * 135) <= 1
                guard inside else { continue }
                let radius = (dx * dx + dy * dy).squareRoot()
                let angle = atan2(dy, dx)
                let ridge = sin(2 * Double.pi * radius / spacing + twist * angle)
                let jitter = (Double(press.next() % 1000) / 1000 - 0.5) * noise
                pixels[y * width + x] = UInt8(clamping: Int(128 - 100 * ridge + jitter))
            }
        }
        return pixels
    }
}
