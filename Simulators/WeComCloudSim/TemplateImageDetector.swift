import Foundation

/// Decides whether uploaded template bytes are really an image (spec §6.4: templates only, never images).
public enum TemplateImageDetector {
    /// Template kinds with their own size limits.
    public enum Kind: String, Sendable {
        case fingerprint = "fp"
        case face = "fa"

        /// Largest plausible template; anything bigger is treated as an image.
        public var maxTemplateBytes: Int {
            switch self {
            case .fingerprint: 4 * 1024
            case .face: 8 * 1024
            }
        }
    }

    /// Raw sensor/camera frame sizes (bytes) with a description.
    public static let rawFrameSizes: [(bytes: Int, description: String)] = [
        (256 * 288, "256x288 8-bit fingerprint frame"),
        (256 * 288 / 2, "256x288 4-bit fingerprint frame"),
        (388 * 374, "388x374 8-bit fingerprint frame"),
        (288 * 384, "288x384 8-bit fingerprint frame"),
        (640 * 480, "640x480 8-bit grey frame"),
        (640 * 480 * 2, "640x480 YUYV frame"),
        (320 * 240, "320x240 8-bit grey frame"),
        (320 * 240 * 2, "320x240 YUYV frame"),
    ]

    /// Window over which neighbouring-byte steps are averaged.
    static let greyWindow = 256
    /// Image pixels change little from one byte to the next (measured 4-15 on the project's face and
    /// fingerprint samples); templates and float vectors jump around (measured 47 and more).
    static let greyMaxMeanStep = 20.0
    /// Distinct values a window needs, so constant padding (zeros) is not mistaken for pixels.
    static let greyMinDistinct = 16
    /// Largest share of a window one value may take; more means padding after a template, not pixels.
    static let greyMaxDominantShare = 0.5

    /// A reason text when `data` looks like an image rather than a template, nil when it looks like a template.
    public static func imageReason(_ data: Data, kind: Kind) -> String? {
        let bytes = [UInt8](data)
        if let format = imageFormat(bytes) {
            return "\(format) image data, not a template"
        }
        if let frame = rawFrameSizes.first(where: { $0.bytes == bytes.count }) {
            return "size \(bytes.count) bytes equals a raw \(frame.description), not a template"
        }
        if bytes.count > kind.maxTemplateBytes {
            return
                "size heuristic: \(bytes.count) bytes exceeds \(kind.maxTemplateBytes) bytes for a \(kind.rawValue) template"
        }
        if let (offset, step) = greyWindow(bytes) {
            let shown = (step * 10).rounded() / 10
            return
                "grey-run heuristic: \(greyWindow) bytes from offset \(offset) vary like image pixels (mean step \(shown) <= \(Int(greyMaxMeanStep)))"
        }
        return nil
    }

    /// Name of the image format whose magic number starts `bytes`.
    static func imageFormat(_ bytes: [UInt8]) -> String? {
        func starts(_ magic: [UInt8]) -> Bool { bytes.starts(with: magic) }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "PNG" }
        if starts([0xFF, 0xD8, 0xFF]) { return "JPEG" }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return "TIFF" }
        if starts([0x42, 0x4D]) && bytes.count >= 14 { return "BMP" }
        if bytes.count >= 3, bytes[0] == 0x50, (0x31...0x36).contains(bytes[1]),
            [0x20, 0x0A, 0x0D, 0x09].contains(bytes[2])
        {
            return "PNM (P\(Character(UnicodeScalar(bytes[1]))))"
        }
        return nil
    }

    /// Offset and mean neighbour step of the first window that looks like grey pixels, if any.
    static func greyWindow(_ bytes: [UInt8]) -> (offset: Int, meanStep: Double)? {
        guard bytes.count >= greyWindow else { return nil }
        for offset in stride(from: 0, through: bytes.count - greyWindow, by: greyWindow / 4) {
            let window = bytes[offset..<(offset + greyWindow)]
            var total = 0
            for index in window.indices.dropFirst() { total += abs(Int(bytes[index]) - Int(bytes[index - 1])) }
            let meanStep = Double(total) / Double(greyWindow - 1)
            guard meanStep <= greyMaxMeanStep else { continue }
            var counts: [UInt8: Int] = [:]
            for byte in window { counts[byte, default: 0] += 1 }
            let dominant = counts.values.max() ?? 0
            if counts.count >= greyMinDistinct, Double(dominant) <= greyMaxDominantShare * Double(greyWindow) {
                return (offset, meanStep)
            }
        }
        return nil
    }
}
