import Foundation

/// Contextual enhancement: oriented Gaussian smoothing along the ridges, ridge period estimation, and
/// an even Gabor filter across the ridges tuned to the local period, whose sign gives the binary ridge map.
struct RidgeEnhancement {
    /// Side of the square blocks the ridge period is estimated on (pixels).
    static let periodBlock = 16
    static let defaultPeriod: Float = 9

    /// Ridges = 1 (dark ridges of the working image), inside the print only.
    var ridges: BinaryImage
    /// Median ridge period over the print (pixels).
    var medianPeriod: Float

    init(image: PaddedPlane, grid: CellGrid, segmentation: PrintSegmentation, orientation: OrientationField) {
        let kernels = OrientedKernels.shared
        let stride = image.stride
        let around = PrintSegmentation.dilate(segmentation.foreground, grid: grid, radius: 3)
        var smoothed = image
        let tapCount = kernels.tangent[0].count
        let tangentOffsets = kernels.flatTangent.offsets(stride: stride)
        let tangentWeights = kernels.flatTangent.weights
        image.values.withUnsafeBufferPointer { src in
            smoothed.values.withUnsafeMutableBufferPointer { dst in
                tangentOffsets.withUnsafeBufferPointer { offsets in
                    tangentWeights.withUnsafeBufferPointer { weights in
                        Self.forEachPixel(of: around, grid: grid, width: image.width, height: image.height) {
                            cell, x0, x1, y in
                            let base = Int(orientation.bin[cell]) * tapCount
                            let row = image.index(0, y)
                            if x1 - x0 == 4 {
                                let sum = Self.filter4(
                                    src, at: row + x0, offsets: offsets, weights: weights,
                                    taps: base..<(base + tapCount))
                                UnsafeMutableRawPointer(dst.baseAddress! + row + x0).storeBytes(
                                    of: sum, as: SIMD4<Float>.self)
                                return
                            }
                            for x in x0..<x1 {
                                let i = row + x
                                var sum: Float = 0
                                for k in 0..<tapCount { sum += weights[base + k] * src[i + offsets[base + k]] }
                                dst[i] = sum
                            }
                        }
                    }
                }
            }
        }

        let periods = Self.periodField(
            smoothed: smoothed, grid: grid, segmentation: segmentation, orientation: orientation)
        medianPeriod = periods.median

        let periodCount = OrientedKernels.periods.count
        let starts = kernels.flatNormal.starts
        let counts = kernels.flatNormal.counts
        let normalOffsets = kernels.flatNormal.offsets(stride: stride)
        let normalWeights = kernels.flatNormal.weights
        var ridges = BinaryImage(width: image.width, height: image.height)
        let ridgeStride = ridges.stride
        smoothed.values.withUnsafeBufferPointer { src in
            ridges.pixels.withUnsafeMutableBufferPointer { out in
                normalOffsets.withUnsafeBufferPointer { offsets in
                    normalWeights.withUnsafeBufferPointer { weights in
                        Self.forEachPixel(
                            of: segmentation.foreground, grid: grid, width: image.width, height: image.height
                        ) {
                            cell, x0, x1, y in
                            let filter = Int(orientation.bin[cell]) * periodCount + periods.index[cell]
                            let start = starts[filter]
                            let count = counts[filter]
                            let row = image.index(0, y)
                            let outRow = (y + 1) * ridgeStride + 1
                            if x1 - x0 == 4 {
                                let sum = Self.filter4(
                                    src, at: row + x0, offsets: offsets, weights: weights,
                                    taps: start..<(start + count))
                                for j in 0..<4 { out[outRow + x0 + j] = sum[j] < 0 ? 1 : 0 }
                                return
                            }
                            for x in x0..<x1 {
                                let i = row + x
                                var sum: Float = 0
                                for k in start..<(start + count) { sum += weights[k] * src[i + offsets[k]] }
                                out[outRow + x] = sum < 0 ? 1 : 0
                            }
                        }
                    }
                }
            }
        }
        self.ridges = ridges
    }

    /// The filter `taps` applied at four neighbouring pixels from `i` at once; every lane sums its taps
    /// in the same order as the one-pixel loop, so the results are identical.
    @inline(__always)
    private static func filter4(
        _ src: UnsafeBufferPointer<Float>, at i: Int, offsets: UnsafeBufferPointer<Int>,
        weights: UnsafeBufferPointer<Float>, taps: Range<Int>
    ) -> SIMD4<Float> {
        let origin = src.baseAddress! + i
        var sum = SIMD4<Float>(repeating: 0)
        for k in taps {
            let pixels = UnsafeRawPointer(origin + offsets[k]).loadUnaligned(as: SIMD4<Float>.self)
            sum += weights[k] * pixels
        }
        return sum
    }

    /// Calls `body(cell, x0, x1, y)` for every pixel row segment of every selected cell.
    @inline(__always)
    private static func forEachPixel(
        of cells: [Bool], grid: CellGrid, width: Int, height: Int,
        _ body: (Int, Int, Int, Int) -> Void
    ) {
        let size = CellGrid.cellSize
        for row in 0..<grid.rows {
            for column in 0..<grid.columns where cells[row * grid.columns + column] {
                let x0 = column * size
                let x1 = min(width, x0 + size)
                for y in (row * size)..<min(height, row * size + size) {
                    body(row * grid.columns + column, x0, x1, y)
                }
            }
        }
    }

    /// Ridge period per cell as an index into `OrientedKernels.periods`, and the median period.
    struct PeriodField {
        var index: [Int]
        var median: Float
    }

    /// Estimates the period on blocks from zero crossings of the grey profile across the ridges, then
    /// averages each block with its valid neighbours; blocks without an estimate take the median.
    private static func periodField(
        smoothed: PaddedPlane, grid: CellGrid, segmentation: PrintSegmentation,
        orientation: OrientationField
    ) -> PeriodField {
        let cellsPerBlock = periodBlock / CellGrid.cellSize
        let blockColumns = (grid.columns + cellsPerBlock - 1) / cellsPerBlock
        let blockRows = (grid.rows + cellsPerBlock - 1) / cellsPerBlock
        var estimate = [Float](repeating: 0, count: blockColumns * blockRows)
        let reach = PaddedPlane.padding
        var profile = [Float](repeating: 0, count: 2 * reach + 1)
        for by in 0..<blockRows {
            for bx in 0..<blockColumns {
                let x = min(smoothed.width - 1, bx * periodBlock + periodBlock / 2)
                let y = min(smoothed.height - 1, by * periodBlock + periodBlock / 2)
                let cell = grid.cell(x: x, y: y)
                guard segmentation.foreground[cell] else { continue }
                let theta = Double(orientation.angle[cell])
                let nx = -sin(theta)
                let ny = cos(theta)
                for t in -reach...reach {
                    let sx = x + Int((Double(t) * nx).rounded())
                    let sy = y + Int((Double(t) * ny).rounded())
                    profile[t + reach] = smoothed.values[smoothed.index(sx, sy)]
                }
                if let period = Self.period(of: profile) { estimate[by * blockColumns + bx] = period }
            }
        }
        let valid = estimate.filter { $0 > 0 }.sorted()
        let median = valid.isEmpty ? defaultPeriod : valid[valid.count / 2]
        var blockPeriod = [Float](repeating: median, count: estimate.count)
        for by in 0..<blockRows {
            for bx in 0..<blockColumns {
                var sum: Float = 0
                var n: Float = 0
                for r in max(0, by - 1)...min(blockRows - 1, by + 1) {
                    for c in max(0, bx - 1)...min(blockColumns - 1, bx + 1) where estimate[r * blockColumns + c] > 0 {
                        sum += estimate[r * blockColumns + c]
                        n += 1
                    }
                }
                if n > 0 { blockPeriod[by * blockColumns + bx] = sum / n }
            }
        }
        var index = [Int](repeating: 0, count: grid.count)
        let lowest = OrientedKernels.periods.lowerBound
        let highest = OrientedKernels.periods.upperBound
        for row in 0..<grid.rows {
            for column in 0..<grid.columns {
                let p = blockPeriod[(row / cellsPerBlock) * blockColumns + column / cellsPerBlock]
                index[row * grid.columns + column] = min(highest, max(lowest, Int(p.rounded()))) - lowest
            }
        }
        return PeriodField(index: index, median: median)
    }

    /// Mean distance between successive rising (and falling) crossings of the profile's mean, or nil
    /// when there are too few crossings or the period is implausible.
    static func period(of profile: [Float]) -> Float? {
        let mean = profile.reduce(0, +) / Float(profile.count)
        var rising: [Float] = []
        var falling: [Float] = []
        for i in 1..<profile.count {
            let a = profile[i - 1] - mean
            let b = profile[i] - mean
            if (a < 0) != (b < 0) {
                let position = Float(i - 1) + a / (a - b)
                if a < 0 { rising.append(position) } else { falling.append(position) }
            }
        }
        var spans: Float = 0
        var gaps: Float = 0
        for crossings in [rising, falling] where crossings.count >= 2 {
            spans += crossings[crossings.count - 1] - crossings[0]
            gaps += Float(crossings.count - 1)
        }
        guard gaps >= 2 else { return nil }
        let period = spans / gaps
        return (4.5...17).contains(period) ? period : nil
    }
}
