/// A `BinaryImage` (border included) packed 64 pixels to a word, so that a thinning sub-iteration
/// decides 64 pixels with a few dozen bitwise operations. Every row has a zero word before and after
/// it, so the neighbours of the first and last word need no bounds checks.
struct PackedRows {
    let rows: Int
    let wordsPerRow: Int
    var words: [UInt64]
    /// Words from one row to the next: the zero guard words included.
    var rowStride: Int { wordsPerRow + 2 }

    init(_ image: BinaryImage) {
        let stride = image.stride
        let wordsPerRow = (stride + 63) / 64
        let rowStride = wordsPerRow + 2
        rows = image.height + 2
        self.wordsPerRow = wordsPerRow
        var words = [UInt64](repeating: 0, count: rows * rowStride)
        image.pixels.withUnsafeBufferPointer { p in
            for row in 1...image.height {
                let base = row * rowStride + 1
                let rowStart = row * stride
                for word in 0..<wordsPerRow {
                    var bits: UInt64 = 0
                    for bit in 0..<min(64, stride - word * 64) {
                        bits |= UInt64(p[rowStart + word * 64 + bit] & 1) << UInt64(bit)
                    }
                    words[base + word] = bits
                }
            }
        }
        self.words = words
    }

    /// Writes the packed pixels back into `image` (same size).
    func unpack(into image: inout BinaryImage) {
        let stride = image.stride
        image.pixels.withUnsafeMutableBufferPointer { p in
            p.update(repeating: 0)
            forEachSetPixel(stride: stride) { p[$0] = 1 }
        }
    }

    /// Calls `body` with the `BinaryImage` index of every set pixel, in row order.
    func forEachSetPixel(stride: Int, _ body: (Int) -> Void) {
        words.withUnsafeBufferPointer { w in
            for row in 1..<(rows - 1) {
                let base = row * rowStride + 1
                for word in 0..<wordsPerRow {
                    var bits = w[base + word]
                    while bits != 0 {
                        body(row * stride + word * 64 + bits.trailingZeroBitCount)
                        bits &= bits &- 1
                    }
                }
            }
        }
    }
}
