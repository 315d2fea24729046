import Biometrics
import Foundation

/// Loads the shared test fingerprints (uncompressed 8-bit TIFF) for the extraction tests.
enum ExtractionTestImages {
    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    /// `../shared/data/fingerprints` next to the package root, or nil when it is absent.
    static let fingerprintsFolder: URL? = {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folder = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/fingerprints")
        return FileManager.default.fileExists(atPath: folder.path) ? folder : nil
    }()

    static let missingDataMessage = "../shared/data/fingerprints is absent: extraction tests on real images skipped"

    /// The FVC image `name` (e.g. "101_1") of `set`, or nil when the data folder is absent.
    static func fvc(_ set: String, _ name: String) throws -> GrayImage? {
        guard let folder = fingerprintsFolder else { return nil }
        return try tiff(at: folder.appendingPathComponent(set).appendingPathComponent(name + ".tif"))
    }

    /// Reads a single-image, uncompressed, 8-bit greyscale TIFF.
    static func tiff(at url: URL) throws -> GrayImage {
        let bytes = [UInt8](try Data(contentsOf: url))
        guard bytes.count >= 8 else { throw ReadError(description: "\(url.lastPathComponent): shorter than a TIFF header") }
        let little: Bool
        switch (bytes[0], bytes[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: throw ReadError(description: "\(url.lastPathComponent): byte order: expected II or MM")
        }
        func u16(_ at: Int) throws -> Int {
            guard at + 2 <= bytes.count else { throw ReadError(description: "\(url.lastPathComponent): truncated at \(at)") }
            return little ? Int(bytes[at]) | Int(bytes[at + 1]) << 8 : Int(bytes[at]) << 8 | Int(bytes[at + 1])
        }
        func u32(_ at: Int) throws -> Int {
            let (a, b) = (try u16(at), try u16(at + 2))
            return little ? a | b << 16 : a << 16 | b
        }
        let directory = try u32(4)
        var tags: [Int: [Int]] = [:]
        for entry in 0..<(try u16(directory)) {
            let at = directory + 2 + 12 * entry
            let (tag, type, count) = (try u16(at), try u16(at + 2), try u32(at + 4))
            let size = type == 3 ? 2 : 4
            let base = count * size <= 4 ? at + 8 : try u32(at + 8)
            tags[tag] = try (0..<count).map { type == 3 ? try u16(base + $0 * 2) : try u32(base + $0 * 4) }
        }
        guard let width = tags[256]?.first, let height = tags[257]?.first else {
            throw ReadError(description: "\(url.lastPathComponent): ImageWidth/ImageLength tags missing")
        }
        guard tags[258]?.first ?? 1 == 8, tags[259]?.first ?? 1 == 1, let offsets = tags[273], let counts = tags[279] else {
            throw ReadError(description: "\(url.lastPathComponent): expected 8 bits per sample, no compression, strips")
        }
        var pixels: [UInt8] = []
        for (offset, count) in zip(offsets, counts) {
            guard offset + count <= bytes.count else { throw ReadError(description: "\(url.lastPathComponent): strip beyond end") }
            pixels += bytes[offset..<(offset + count)]
        }
        if tags[262]?.first == 0 { pixels = pixels.map { 255 - $0 } }  // WhiteIsZero
        return try GrayImage(width: width, height: height, pixels: Array(pixels.prefix(width * height)))
    }
}
