import Biometrics
import Foundation
import Imaging
import Minutiae

/// Image transforms and minutiae comparison shared by the extraction tests.
enum ExtractionTestSupport {
    static let extractor = MinutiaeExtractor()

    /// How many minutiae of `a` have a partner in `b` (one-to-one, nearest first) within `distance`
    /// pixels and `angle` radians (and of the same kind if `sameKind`), after moving `a` by `transform`.
    static func partners(
        _ a: [Minutia], _ b: [Minutia], distance: Double = 8, angle: Double = .pi / 6,
        sameKind: Bool = false, transform: (Minutia) -> Minutia = { $0 }
    ) -> Int {
        let moved = a.map(transform)
        var candidates: [(Double, Int, Int)] = []
        for (i, p) in moved.enumerated() {
            for (j, q) in b.enumerated() {
                let d = (Double((p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y))).squareRoot()
                guard d <= distance, !sameKind || p.kind == q.kind, abs(remainder(p.angle - q.angle, 2 * .pi)) <= angle
                else { continue }
                candidates.append((d, i, j))
            }
        }
        candidates.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        var usedA = Set<Int>()
        var usedB = Set<Int>()
        for (_, i, j) in candidates where !usedA.contains(i) && !usedB.contains(j) {
            usedA.insert(i)
            usedB.insert(j)
        }
        return usedA.count
    }

    static func inverted(_ image: GrayImage) throws -> GrayImage {
        try GrayImage(width: image.width, height: image.height, pixels: image.pixels.map { 255 - $0 })
    }

    /// The image as the module's 4-bit upload decodes it: the high nibble times 17.
    static func fourBit(_ image: GrayImage) throws -> GrayImage {
        try GrayImage(width: image.width, height: image.height, pixels: image.pixels.map { ($0 >> 4) * 17 })
    }

    /// The image turned 90° clockwise: pixel (x, y) moves to (height - 1 - y, x).
    static func rotatedClockwise(_ image: GrayImage) throws -> GrayImage {
        var pixels = [UInt8](repeating: 0, count: image.pixels.count)
        let newWidth = image.height
        for y in 0..<image.height {
            for x in 0..<image.width {
                pixels[x * newWidth + (image.height - 1 - y)] = image[x, y]
            }
        }
        return try GrayImage(width: newWidth, height: image.width, pixels: pixels)
    }

    /// The image placed at (dx, dy) on a larger canvas filled with `fill`.
    static func translated(_ image: GrayImage, dx: Int, dy: Int, fill: UInt8) throws -> GrayImage {
        let width = image.width + dx
        let height = image.height + dy
        var pixels = [UInt8](repeating: fill, count: width * height)
        for y in 0..<image.height {
            for x in 0..<image.width { pixels[(y + dy) * width + x + dx] = image[x, y] }
        }
        return try GrayImage(width: width, height: height, pixels: pixels)
    }

    /// The `width × height` window of the image whose top-left corner is (x, y).
    static func cropped(_ image: GrayImage, x: Int, y: Int, width: Int, height: Int) throws -> GrayImage {
        var pixels: [UInt8] = []
        pixels.reserveCapacity(width * height)
        for row in y..<(y + height) {
            pixels += image.pixels[(row * image.width + x)..<(row * image.width + x + width)]
        }
        return try GrayImage(width: width, height: height, pixels: pixels)
    }

    /// The image scaled up by 2 (each pixel repeated 2×2), as a 1000 dpi sensor would see it.
    static func doubled(_ image: GrayImage) throws -> GrayImage {
        let width = image.width * 2
        var pixels = [UInt8](repeating: 0, count: image.pixels.count * 4)
        for y in 0..<(image.height * 2) {
            for x in 0..<width { pixels[y * width + x] = image[x / 2, y / 2] }
        }
        return try GrayImage(width: width, height: image.height * 2, pixels: pixels)
    }

    /// Deterministic pseudo-random grey values (xorshift), for noise images.
    static func noise(width: Int, height: Int, seed: UInt64) throws -> GrayImage {
        var state = seed | 1
        let pixels = (0..<(width * height)).map { _ -> UInt8 in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state >> 24)
        }
        return try GrayImage(width: width, height: height, pixels: pixels)
    }

    /// ISO/IEC 19794-2 minutiae of a shared `.iso` file (its first view), with the canvas it declares.
    static func isoMinutiae(set: String, name: String) throws -> (width: Int, height: Int, minutiae: [Minutia])? {
        guard let folder = ExtractionTestImages.fingerprintsFolder else { return nil }
        let record = try ISOMinutiaeRecord(
            isoData: try Data(contentsOf: folder.appendingPathComponent(set).appendingPathComponent(name + ".iso")))
        return (record.width, record.height, record.views.first?.minutiae ?? [])
    }
}
