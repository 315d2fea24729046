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

    /// Mean of `values` over a (2r+1)² window of cells, clipped at the grid edge (separable running sums).
    func boxMean(_ values: [Float], radius: Int) -> [Float] {
        var horizontal = [Float](repeating: 0, count: count)
        var out = [Float](repeating: 0, count: count)
        let columns = columns, rows = rows
        values.withUnsafeBufferPointer { src in
            horizontal.withUnsafeMutableBufferPointer { h in
                for row in 0..<rows {
                    let base = row * columns
                    for column in 0..<columns {
                        let lo = max(0, column - radius), hi = min(columns - 1, column + radius)
                        var sum: Float = 0
                        for c in lo...hi { sum += src[base + c] }
                        h[base + column] = sum / Float(hi - lo + 1)
                    }
                }
            }
        }
        horizontal.withUnsafeBufferPointer { h in
            out.withUnsafeMutableBufferPointer { o in
                for row in 0..<rows {
                    let lo = max(0, row - radius), hi = min(rows - 1, row + radius)
                    for column in 0..<columns {
                        var sum: Float = 0
                        for r in lo...hi { sum += h[r * columns + column] }
                        o[row * columns + column] = sum / Float(hi - lo + 1)
                    }
                }
            }
        }
        return out
    }
}
