/// The working image divided into square cells; block-level fields (tensor, mask, orientation,
/// frequency) live on this grid.
struct CellGrid {
    static let cellSize = 4

    let columns: Int
    let rows: Int
    var count: Int { columns * rows }

    init(width: Int, height: Int) {
        columns = (width + Self.cellSize - 1) / Self.cellSize
        rows = (height + Self.cellSize - 1) / Self.cellSize
    }

    /// Cell index of pixel (x, y).
    @inline(__always) func cell(x: Int, y: Int) -> Int {
        (y / Self.cellSize) * columns + x / Self.cellSize
    }

    /// Mean of `values` over a (2r+1)² window of cells, clipped at the grid edge (row pass, then column pass).
    func boxMean(_ values: [Float], radius: Int) -> [Float] {
        let columns = columns
        let rows = rows
        var horizontal = [Float](repeating: 0, count: count)
        var out = [Float](repeating: 0, count: count)
        values.withUnsafeBufferPointer { src in
            horizontal.withUnsafeMutableBufferPointer { h in
                // Columns whose window lies inside the grid: whole shifted rows added in window order
                // (vectorises); the sums start at zero like the edge ones, so the results are identical.
                let interior = max(0, columns - 2 * radius)
                for row in 0..<rows {
                    let base = row * columns
                    if interior > 0 {
                        for d in 0...(2 * radius) {
                            Self.add(src.baseAddress! + base + d, into: h.baseAddress! + base + radius, count: interior)
                        }
                        let scale = Float(2 * radius + 1)
                        Self.divide(h.baseAddress! + base + radius, by: scale, count: interior)
                    }
                    for column in 0..<columns where interior == 0 || column < radius || column >= radius + interior {
                        let lo = max(0, column - radius)
                        let hi = min(columns - 1, column + radius)
                        var sum: Float = 0
                        var c = lo
                        while c <= hi {
                            sum += src[base + c]
                            c += 1
                        }
                        h[base + column] = sum / Float(hi - lo + 1)
                    }
                }
            }
        }
        horizontal.withUnsafeBufferPointer { h in
            out.withUnsafeMutableBufferPointer { o in
                for row in 0..<rows {
                    let lo = max(0, row - radius)
                    let hi = min(rows - 1, row + radius)
                    let scale = Float(hi - lo + 1)
                    let base = row * columns
                    // Whole rows at a time (vectorises); each cell still sums its window top to bottom.
                    for r in lo...hi {
                        let source = r * columns
                        Self.add(h.baseAddress! + source, into: o.baseAddress! + base, count: columns)
                    }
                    Self.divide(o.baseAddress! + base, by: scale, count: columns)
                }
            }
        }
        return out
    }

    /// `target[k] += source[k]` for `count` values, eight at a time.
    @inline(__always)
    private static func add(_ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>, count: Int) {
        var k = 0
        while k + 8 <= count {
            let a = UnsafeRawPointer(target + k).loadUnaligned(as: SIMD8<Float>.self)
            let b = UnsafeRawPointer(source + k).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(target + k).storeBytes(of: a + b, as: SIMD8<Float>.self)
            k += 8
        }
        while k < count {
            target[k] += source[k]
            k += 1
        }
    }

    /// `values[k] /= divisor` for `count` values.
    @inline(__always)
    private static func divide(_ values: UnsafeMutablePointer<Float>, by divisor: Float, count: Int) {
        for k in 0..<count { values[k] /= divisor }
    }
}
