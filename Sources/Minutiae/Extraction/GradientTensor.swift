/// Per-cell means of the Sobel gradient structure tensor and of the grey level. The gradients are
/// taken on a slightly blurred copy so that pores and dotted ridges read as continuous ridges.
struct GradientTensor {
    /// Mean gx², gy², gx·gy and grey level per cell.
    var xx: [Float]
    var yy: [Float]
    var xy: [Float]
    var mean: [Float]

    init(plane: PaddedPlane, grid: CellGrid, blurred: Bool) {
        let n = grid.count
        var xx = [Float](repeating: 0, count: n)
        var yy = [Float](repeating: 0, count: n)
        var xy = [Float](repeating: 0, count: n)
        var mean = [Float](repeating: 0, count: n)
        var pixelsInCell = [Float](repeating: 0, count: n)
        let stride = plane.stride
        let width = plane.width, height = plane.height
        let columns = grid.columns
        let size = CellGrid.cellSize
        let source = blurred ? Self.binomialBlur(plane) : plane.values
        source.withUnsafeBufferPointer { p in
            for y in 0..<height {
                let rowBase = plane.index(0, y)
                let cellRow = (y / size) * columns
                for x in 0..<width {
                    let i = rowBase + x
                    let above = i - stride, below = i + stride
                    let gx = (p[above + 1] + 2 * p[i + 1] + p[below + 1]) - (p[above - 1] + 2 * p[i - 1] + p[below - 1])
                    let gy = (p[below - 1] + 2 * p[below] + p[below + 1]) - (p[above - 1] + 2 * p[above] + p[above + 1])
                    let c = cellRow + x / size
                    xx[c] += gx * gx
                    yy[c] += gy * gy
                    xy[c] += gx * gy
                    mean[c] += plane.values[i]
                    pixelsInCell[c] += 1
                }
            }
        }
        for c in 0..<n where pixelsInCell[c] > 0 {
            let k = 1 / pixelsInCell[c]
            xx[c] *= k; yy[c] *= k; xy[c] *= k; mean[c] *= k
        }
        self.xx = xx
        self.yy = yy
        self.xy = xy
        self.mean = mean
    }

    /// The plane convolved with the 5×5 binomial kernel (separable 1 4 6 4 1), borders left as they are.
    static func binomialBlur(_ plane: PaddedPlane) -> [Float] {
        let stride = plane.stride
        let rows = plane.values.count / stride
        var horizontal = plane.values
        var out = plane.values
        plane.values.withUnsafeBufferPointer { src in
            horizontal.withUnsafeMutableBufferPointer { h in
                for row in 0..<rows {
                    let base = row * stride
                    for column in 2..<(stride - 2) {
                        let i = base + column
                        h[i] = (src[i - 2] + src[i + 2] + 4 * (src[i - 1] + src[i + 1]) + 6 * src[i]) * (1 / 16)
                    }
                }
            }
        }
        horizontal.withUnsafeBufferPointer { h in
            out.withUnsafeMutableBufferPointer { o in
                for i in (2 * stride)..<((rows - 2) * stride) {
                    o[i] = (h[i - 2 * stride] + h[i + 2 * stride] + 4 * (h[i - stride] + h[i + stride]) + 6 * h[i]) * (1 / 16)
                }
            }
        }
        return out
    }
}
