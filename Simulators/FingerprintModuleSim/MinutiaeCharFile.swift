import Biometrics
import FingerprintModule
import Minutiae

/// The char files the simulated module builds from a real image (a file-backed finger or a DownImage):
/// minutiae found by our extractor, compared by our minutiae matcher, as a real module derives its
/// templates from what its sensor saw.
///
/// Feature file (256 bytes): "ZM", quality, count, then up to 63 minutiae of 4 bytes each, highest
/// quality first: x (9 bits), y (9 bits), angle in 1/256 turns (8 bits), kind (2 bits), quality / 7
/// (4 bits). Template (512 bytes): "ZN", quality, count of press A, press A's minutiae, then at 256
/// "ZN", quality, count and press B's minutiae.
enum MinutiaeCharFile {
    static let featureMagic: [UInt8] = [0x5A, 0x4D]
    static let templateMagic: [UInt8] = [0x5A, 0x4E]
    static let layerLength = 256
    static let headerLength = 4
    static let maximumMinutiae = (layerLength - headerLength) / 4
    /// A press with fewer minutiae is refused as Img2Tz's "too few feature points".
    static let minimumMinutiae = 8
    static let matcher = MinutiaeMatcher()
    static let extractor = MinutiaeExtractor()

    /// Match thresholds (0-100 scores) for security levels 1-5; level 3 is the matcher's own.
    static func threshold(securityLevel: Int) -> Int {
        [6, 8, MinutiaeMatcher.defaultThreshold, 13, 16][min(max(securityLevel, 1), 5) - 1]
    }

    static func isMinutiaeFile(_ bytes: [UInt8]) -> Bool {
        let magic = Array(bytes.prefix(2))
        return (bytes.count == layerLength && magic == featureMagic)
            || (bytes.count == 2 * layerLength && magic == templateMagic)
    }

    /// The feature file of one press.
    static func feature(_ set: MinutiaeSet) -> [UInt8] {
        layer(set, magic: featureMagic)
    }

    /// The layers of a feature file (one) or template (two); nil for anything else.
    static func layers(_ bytes: [UInt8]) -> [MinutiaeSet]? {
        guard isMinutiaeFile(bytes) else { return nil }
        return stride(from: 0, to: bytes.count, by: layerLength).map { decodeLayer(bytes[$0..<($0 + layerLength)]) }
    }

    /// Best score of any layer of `a` against any layer of `b` (0-100); 0 unless both are minutiae files.
    static func score(_ a: [UInt8], _ b: [UInt8]) -> Int {
        scorer(for: a)?(b) ?? 0
    }

    /// Scores files against `probe`, whose layers are prepared once (a library search compares one
    /// probe with every page); nil when `probe` is not a minutiae file.
    static func scorer(for probe: [UInt8]) -> (([UInt8]) -> Int)? {
        guard let probeLayers = layers(probe) else { return nil }
        let prepared = probeLayers.map { matcher.prepare($0) }
        return { other in
            guard let otherLayers = layers(other) else { return 0 }
            var best = 0
            for reference in otherLayers.map({ matcher.prepare($0) }) {
                for layer in prepared { best = max(best, matcher.score(layer, reference)) }
            }
            return best
        }
    }

    /// A 512-byte template from the first layers of two feature files; nil when either is not one.
    static func merge(_ a: [UInt8], _ b: [UInt8]) -> [UInt8]? {
        guard let left = layers(a)?.first, let right = layers(b)?.first else { return nil }
        return layer(left, magic: templateMagic) + layer(right, magic: templateMagic)
    }

    private static func layer(_ set: MinutiaeSet, magic: [UInt8]) -> [UInt8] {
        let kept = set.minutiae.sorted { $0.quality > $1.quality }.prefix(maximumMinutiae)
        var bytes = magic + [UInt8(clamping: set.quality), UInt8(kept.count)]
        for minutia in kept {
            let x = UInt32(clamping: min(max(minutia.x, 0), 511))
            let y = UInt32(clamping: min(max(minutia.y, 0), 511))
            let turns = (minutia.angle / (2 * Double.pi) * 256).rounded()
            let angle = UInt32(Int(turns) & 0xFF)
            let quality = UInt32(min(max(minutia.quality, 0), 100) / 7)
            let packed = x << 23 | y << 14 | angle << 6 | UInt32(minutia.kind.rawValue) << 4 | quality
            bytes += [UInt8(packed >> 24), UInt8(packed >> 16 & 0xFF), UInt8(packed >> 8 & 0xFF), UInt8(packed & 0xFF)]
        }
        return bytes + [UInt8](repeating: 0, count: layerLength - bytes.count)
    }

    private static func decodeLayer(_ bytes: ArraySlice<UInt8>) -> MinutiaeSet {
        let start = bytes.startIndex
        let count = min(Int(bytes[start + 3]), maximumMinutiae)
        var minutiae: [Minutia] = []
        for index in 0..<count {
            let offset = start + headerLength + index * 4
            let packed =
                UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
                | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
            minutiae.append(
                Minutia(
                    kind: MinutiaKind(rawValue: UInt8(packed >> 4 & 0x3)) ?? .other,
                    x: Int(packed >> 23), y: Int(packed >> 14 & 0x1FF),
                    angle: Double(packed >> 6 & 0xFF) / 256 * 2 * Double.pi,
                    quality: Int(packed & 0xF) * 7))
        }
        return MinutiaeSet(
            width: ZFMImage.width, height: ZFMImage.height, quality: Int(bytes[start + 2]), minutiae: minutiae)
    }
}
