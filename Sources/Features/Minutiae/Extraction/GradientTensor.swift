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
        // Sums per cell, one plane each: gx², gy², gx·gy, grey.
        var sums = [Float](repeating: 0, count: 4 * n)
        let stride = plane.stride
        let width = plane.width
        let height = plane.height
        let columns = grid.columns
        let size = CellGrid.cellSize
        // One row of gradients at a time: a plain loop the compiler vectorises, then sums per cell in
        // registers, pixels still added in x order.
        let gx = UnsafeMutablePointer<Float>.allocate(capacity: width)
        let gy = UnsafeMutablePointer<Float>.allocate(capacity: width)
        defer {
            gx.deallocate()
            gy.deallocate()
        }
        plane.values.withUnsafeBufferPointer { grey in
            var blur = blurred ? BlurredRows(plane: grey.baseAddress!, stride: stride) : nil
            defer { blur?.deallocate() }
            sums.withUnsafeMutableBufferPointer { s in
                for y in 0..<height {
                    let rowBase = plane.index(0, y)
                    if blur != nil {
                        let row = y + PaddedPlane.padding
                        let above = blur!.row(row - 1)
                        let centre = blur!.row(row)
                        let below = blur!.row(row + 1)
                        let x0 = PaddedPlane.padding
                        Self.sobelRow(above + x0, centre + x0, below + x0, width: width, gx: gx, gy: gy)
                    } else {
                        let centre = grey.baseAddress! + rowBase
                        Self.sobelRow(centre - stride, centre, centre + stride, width: width, gx: gx, gy: gy)
                    }
                    let cellRow = (y / size) * columns
                    var x0 = 0
                    while x0 < width {
                        let c = cellRow + x0 / size
                        let x1 = min(width, x0 + size)
                        var sxx = s[c]
                        var syy = s[n + c]
                        var sxy = s[2 * n + c]
                        var sm = s[3 * n + c]
                        if x1 - x0 == 4 {
                            let dx = UnsafeRawPointer(gx + x0).loadUnaligned(as: SIMD4<Float>.self)
                            let dy = UnsafeRawPointer(gy + x0).loadUnaligned(as: SIMD4<Float>.self)
                            let g = UnsafeRawPointer(grey.baseAddress! + rowBase + x0).loadUnaligned(
                                as: SIMD4<Float>.self)
                            let pxx = dx * dx
                            let pyy = dy * dy
                            let pxy = dx * dy
                            sxx += pxx[0]
                            sxx += pxx[1]
                            sxx += pxx[2]
                            sxx += pxx[3]
                            syy += pyy[0]
                            syy += pyy[1]
                            syy += pyy[2]
                            syy += pyy[3]
                            sxy += pxy[0]
                            sxy += pxy[1]
                            sxy += pxy[2]
                            sxy += pxy[3]
                            sm += g[0]
                            sm += g[1]
                            sm += g[2]
                            sm += g[3]
                        } else {
                            for x in x0..<x1 {
                                let dx = gx[x]
                                let dy = gy[x]
                                sxx += dx * dx
                                syy += dy * dy
                                sxy += dx * dy
                                sm += grey[rowBase + x]
                            }
                        }
                        s[c] = sxx
                        s[n + c] = syy
                        s[2 * n + c] = sxy
                        s[3 * n + c] = sm
                        x0 = x1
                    }
                }
                for c in 0..<n {
                    let row = c / columns
                    let column = c % columns
                    let pixels = min(size, width - column * size) * min(size, height - row * size)
                    let k = 1 / Float(pixels)
                    s[c] *= k
                    s[n + c] *= k
                    s[2 * n + c] *= k
                    s[3 * n + c] *= k
                }
            }
        }
        self.xx = Array(sums[0..<n])
        self.yy = Array(sums[n..<(2 * n)])
        self.xy = Array(sums[(2 * n)..<(3 * n)])
        self.mean = Array(sums[(3 * n)...])
    }

    /// Sobel gradients of the `width` pixels from `row` (rows `above` and `below` around it) into `gx` and `gy`.
    @inline(__always)
    private static func sobelRow(
        _ above: UnsafePointer<Float>, _ row: UnsafePointer<Float>, _ below: UnsafePointer<Float>,
        width: Int, gx: UnsafeMutablePointer<Float>, gy: UnsafeMutablePointer<Float>
    ) {
        for x in 0..<width {
            gx[x] = (above[x + 1] + 2 * row[x + 1] + below[x + 1]) - (above[x - 1] + 2 * row[x - 1] + below[x - 1])
            gy[x] = (below[x - 1] + 2 * below[x] + below[x + 1]) - (above[x - 1] + 2 * above[x] + above[x + 1])
        }
    }
}

/// Rows of a padded plane convolved with the 5×5 binomial kernel (separable 1 4 6 4 1), made on demand
/// for rows asked in increasing order and kept in small rings, so the blurred plane is never stored whole.
/// Only rows and columns at least two pixels inside the padded plane are valid.
private struct BlurredRows {
    private static let horizontalRows = 5, blurredRows = 3
    let plane: UnsafePointer<Float>
    let stride: Int
    /// The 1 4 6 4 1 row filter of padded rows, row r in slot r % 5.
    private let horizontal: UnsafeMutablePointer<Float>
    /// Blurred rows, row r in slot r % 3.
    private let blurred: UnsafeMutablePointer<Float>
    private var nextHorizontal = -1
    private var nextBlurred = -1

    init(plane: UnsafePointer<Float>, stride: Int) {
        self.plane = plane
        self.stride = stride
        horizontal = .allocate(capacity: Self.horizontalRows * stride)
        blurred = .allocate(capacity: Self.blurredRows * stride)
    }

    func deallocate() {
        horizontal.deallocate()
        blurred.deallocate()
    }

    /// Blurred padded row `r`; valid until row `r + 3` is asked for.
    mutating func row(_ r: Int) -> UnsafePointer<Float> {
        if nextBlurred < 0 { nextBlurred = r }
        while nextBlurred <= r {
            let b = nextBlurred
            if nextHorizontal < 0 { nextHorizontal = b - 2 }
            while nextHorizontal <= b + 2 {
                let source = plane + nextHorizontal * stride
                let out = horizontalSlot(nextHorizontal)
                for k in 2..<(stride - 2) {
                    out[k] =
                        (source[k - 2] + source[k + 2] + 4 * (source[k - 1] + source[k + 1]) + 6 * source[k]) * (1 / 16)
                }
                nextHorizontal += 1
            }
            let r0 = horizontalSlot(b - 2)
            let r1 = horizontalSlot(b - 1)
            let r2 = horizontalSlot(b)
            let r3 = horizontalSlot(b + 1)
            let r4 = horizontalSlot(b + 2)
            let out = blurred + (b % Self.blurredRows) * stride
            for k in 2..<(stride - 2) {
                out[k] = (r0[k] + r4[k] + 4 * (r1[k] + r3[k]) + 6 * r2[k]) * (1 / 16)
            }
            nextBlurred += 1
        }
        return UnsafePointer(blurred + (r % Self.blurredRows) * stride)
    }

    private func horizontalSlot(_ r: Int) -> UnsafeMutablePointer<Float> {
        horizontal + (r % Self.horizontalRows) * stride
    }
}
