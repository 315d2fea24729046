import Foundation
import Testing

@testable import Imaging

/// A 3×3 box blur (edges clamped), independent of the code under test.
func boxBlurred(_ frame: GrayFrame) throws -> GrayFrame {
    var out = [UInt8](repeating: 0, count: frame.width * frame.height)
    for y in 0..<frame.height {
        for x in 0..<frame.width {
            var sum = 0
            for dy in -1...1 {
                for dx in -1...1 {
                    let sx = min(max(x + dx, 0), frame.width - 1)
                    let sy = min(max(y + dy, 0), frame.height - 1)
                    sum += Int(frame[sx, sy])
                }
            }
            out[y * frame.width + x] = UInt8((sum + 4) / 9)
        }
    }
    return try GrayFrame(width: frame.width, height: frame.height, pixels: out)
}

/// Packs YUYV pixel pairs (y0, u, y1, v) into rows of `bytesPerLine`, filling padding with `padding`.
func yuyvBuffer(rows: [[(y0: UInt8, u: UInt8, y1: UInt8, v: UInt8)]], bytesPerLine: Int, padding: UInt8 = 0xEE)
    -> [UInt8]
{
    var bytes: [UInt8] = []
    for row in rows {
        var line: [UInt8] = []
        for pair in row { line += [pair.y0, pair.u, pair.y1, pair.v] }
        line += [UInt8](repeating: padding, count: bytesPerLine - line.count)
        bytes += line
    }
    return bytes
}
