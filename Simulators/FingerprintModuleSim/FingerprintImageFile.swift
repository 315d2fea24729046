import Biometrics
import FingerprintModule
import Foundation
import ImageFiles
import Imaging

/// Fingerprint images from files (8-bit uncompressed TIFF such as the FVC sets, binary PGM), and
/// fitting them to the module's 256 × 288 sensor.
public enum FingerprintImageFile {
    /// Reads a TIFF or PGM file (format from its first bytes).
    public static func load(_ url: URL) throws(FingerprintImageFileError) -> GrayImage {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
        return try decode([UInt8](data))
    }

    /// Decodes TIFF (`II*\0`, `MM\0*`) or PGM (`P5`) bytes with ImageFiles' readers.
    public static func decode(_ bytes: [UInt8]) throws(FingerprintImageFileError) -> GrayImage {
        let magic = Array(bytes.prefix(4))
        let tiff = magic == [0x49, 0x49, 0x2A, 0x00] || magic == [0x4D, 0x4D, 0x00, 0x2A]
        let pgm = magic.count >= 2 && magic[0] == UInt8(ascii: "P") && magic[1] == UInt8(ascii: "5")
        guard tiff || pgm else { throw .unknownFormat(firstBytes: magic) }
        do {
            return try ImageFile.decodeGray(bytes, limits: limits)
        } catch {
            throw FingerprintImageFileError(error, fileBytes: bytes.count)
        }
    }

    /// Any size a `GrayImage` holds; a file claiming more pixels than it has bytes is refused as truncated.
    static let limits = ImageLimits(maxSide: GrayImage.maxSide, maxPixels: .max, maxFileBytes: .max)

    /// `image` on the 256 × 288 sensor: centre-cropped where larger, padded with white (255) where smaller.
    public static func fitToSensor(_ image: GrayImage) -> ZFMImage {
        let width = ZFMImage.width
        let height = ZFMImage.height
        // Positive: crop this many columns/rows from the source; negative: pad the target.
        let offsetX = (image.width - width) / 2
        let offsetY = (image.height - height) / 2
        var pixels = [UInt8](repeating: 255, count: ZFMImage.pixelCount)
        for y in 0..<height {
            let sourceY = y + offsetY
            guard sourceY >= 0, sourceY < image.height else { continue }
            for x in 0..<width {
                let sourceX = x + offsetX
                guard sourceX >= 0, sourceX < image.width else { continue }
                pixels[y * width + x] = image.pixels[sourceY * image.width + sourceX]
            }
        }
        do {
            return try ZFMImage(pixels: pixels)
        } catch {
            preconditionFailure("fitted image holds \(pixels.count) pixels: \(error)")
        }
    }

    /// Quality 0-100 from contrast: the spread between the 5th and 95th percentile grey values,
    /// 200 or more levels counting as 100.
    public static func contrastQuality(_ pixels: [UInt8]) -> Int {
        guard !pixels.isEmpty else { return 0 }
        var histogram = [Int](repeating: 0, count: 256)
        for pixel in pixels { histogram[Int(pixel)] += 1 }
        func percentile(_ share: Double) -> Int {
            let target = Int(Double(pixels.count) * share)
            var seen = 0
            for (value, count) in histogram.enumerated() {
                seen += count
                if seen > target { return value }
            }
            return 255
        }
        let spread = percentile(0.95) - percentile(0.05)
        return min(100, max(0, spread * 100 / 200))
    }

    /// Finger number and impression of an FVC file name such as `101_3.tif`; nil for other names.
    public static func fvcName(_ fileName: String) -> (finger: String, impression: Int)? {
        let stem = fileName.split(separator: ".", maxSplits: 1).first.map(String.init) ?? fileName
        let parts = stem.split(separator: "_")
        guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy(\.isASCII), parts[0].allSatisfy(\.isNumber),
            let impression = Int(parts[1]), impression >= 0
        else { return nil }
        return (String(parts[0]), impression)
    }
}
