import Imaging
import Testing

@testable import ImageFiles

/// Damaged copies of valid files of every format: each decode must succeed or throw `ImageFileError`;
/// a trap (out-of-bounds index, overflow, failed precondition) would end the test run.
struct MutationTests {
    static func samples() throws -> [(String, [UInt8])] {
        let gray = try GrayImage(width: 12, height: 9, pixels: noiseBytes(108, seed: 31))
        let rgb = try RGBFrame(width: 8, height: 6, pixels: noiseBytes(144, seed: 32))
        let interlaced = PNGBuilder(
            width: 3, height: 3, interlace: 1,
            rows: [[1], [2], [3, 4], [5], [6, 7, 8], [9]], filters: [1, 2, 3, 4])
        return [
            ("png grey", PNGEncoder.encode(gray)),
            ("png rgb", PNGEncoder.encode(rgb)),
            ("png adam7", interlaced.build(passRowCounts: [1, 1, 1, 1, 1, 1])),
            (
                "png palette",
                PNGBuilder(
                    width: 4, height: 2, bitDepth: 2, colorType: 3, rows: [[0x1B], [0xE4]],
                    palette: [0, 0, 0, 9, 9, 9, 50, 60, 70, 255, 255, 255], transparency: [0, 128]
                ).build()
            ),
            (
                "tiff",
                TIFFBuilder(littleEndian: false, width: 6, height: 5, rowsPerStrip: 2, pixels: noiseBytes(30)).build()
            ),
            (
                "tiff rgb",
                TIFFBuilder(
                    width: 3, height: 3, samplesPerPixel: 3, photometric: 2, rowsPerStrip: 3, pixels: noiseBytes(27)
                ).build()
            ),
            ("pgm", Array("P5 6 4 65535\n".utf8) + noiseBytes(48)),
            ("ppm", Array("P3 2 1 255 1 2 3 4 5 6\n".utf8)),
            (
                "bmp",
                BMPBuilder(
                    width: 5, height: 3, bitCount: 4, palette: noiseBytes(64),
                    rows: [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
                ).build()
            ),
            (
                "bmp 32",
                BMPBuilder(
                    width: 2, height: 2, bitCount: 32, compression: 3, rows: [noiseBytes(8), noiseBytes(8, seed: 2)],
                    masks: [0xFF, 0xFF00, 0xFF_0000]
                ).build()
            ),
            ("jpeg", try JPEGEncoder().encode(rgb, quality: 80)),
        ]
    }

    @Test func damagedFilesNeverTrap() throws {
        for (name, valid) in try Self.samples() {
            #expect(throws: Never.self, "\(name) must decode intact") { try ImageFile.decode(valid) }
            let noise = noiseBytes(3 * 400, seed: UInt64(valid.count))
            for round in 0..<400 {
                var damaged = valid
                let position = (Int(noise[3 * round]) << 8 | Int(noise[3 * round + 1])) % damaged.count
                damaged[position] = round % 3 == 0 ? 0xFF : noise[3 * round + 2]
                if round % 7 == 0 { damaged.removeLast(Int(noise[3 * round + 2]) % damaged.count) }
                // Half of the damaged PNGs get fresh CRCs so the damage reaches the decoder behind the CRC check.
                if name.hasPrefix("png"), round % 2 == 1 { Self.refreshCRCs(&damaged) }
                do {
                    _ = try ImageFile.decode(damaged, limits: ImageLimits(maxPixels: 1 << 20))
                } catch {
                    #expect(!error.description.isEmpty)
                }
            }
        }
    }

    /// Recomputes the CRC of every complete chunk.
    static func refreshCRCs(_ png: inout [UInt8]) {
        var offset = 8
        while offset + 12 <= png.count {
            let length = png[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            guard length <= png.count - offset - 12 else { return }
            let crc = bigEndian(PNGBuilder.crc(Array(png[(offset + 4)..<(offset + 8 + length)])))
            png.replaceSubrange((offset + 8 + length)..<(offset + 12 + length), with: crc)
            offset += 12 + length
        }
    }
}
