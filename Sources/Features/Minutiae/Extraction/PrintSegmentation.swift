/// Which cells belong to the print: strong, coherent gradients, cleaned by morphology, the largest
/// region kept and its holes filled.
struct PrintSegmentation {
    /// Cell is inside the print area.
    var foreground: [Bool]
    /// Chessboard distance in cells from each foreground cell to the nearest background cell or grid edge.
    var borderDistance: [Int]
    /// Orientation coherence per cell, 0-1.
    var coherence: [Float]
    /// Root-mean-square gradient per cell (Sobel units).
    var contrast: [Float]
    var foregroundCount: Int

    /// Smallest print region (cells) worth extracting from.
    static let minimumRegionCells = 60
    /// Weakest RMS Sobel gradient a print cell may have (about 2.5 grey levels per pixel).
    static let minimumContrast: Float = 20
    static let minimumCoherence: Float = 0.28
    /// A print cell needs at least this fraction of the contrast of the strongest print cells (95th percentile).
    static let relativeContrast: Float = 0.3

    init(tensor: GradientTensor, grid: CellGrid) {
        let xx = grid.boxMean(tensor.xx, radius: 2)
        let yy = grid.boxMean(tensor.yy, radius: 2)
        let xy = grid.boxMean(tensor.xy, radius: 2)
        let n = grid.count
        var coherence = [Float](repeating: 0, count: n)
        var contrast = [Float](repeating: 0, count: n)
        for c in 0..<n {
            let energy = xx[c] + yy[c]
            contrast[c] = energy.squareRoot()
            let anisotropy = ((xx[c] - yy[c]) * (xx[c] - yy[c]) + 4 * xy[c] * xy[c]).squareRoot()
            coherence[c] = energy > 1e-3 ? anisotropy / energy : 0
        }
        // Flat cells (background, padding canvas) are left out so the reference does not depend on them.
        let reference = Self.percentile(contrast.filter { $0 >= Self.minimumContrast }, 0.95)
        let threshold = max(Self.minimumContrast, Self.relativeContrast * reference)
        var mask = (0..<n).map { contrast[$0] >= threshold && coherence[$0] >= Self.minimumCoherence }
        mask = Self.dilate(mask, grid: grid, radius: 1)
        mask = Self.erode(mask, grid: grid, radius: 1)
        mask = Self.erode(mask, grid: grid, radius: 2)
        mask = Self.dilate(mask, grid: grid, radius: 2)
        mask = Self.largestRegionFilled(mask, grid: grid)
        var count = mask.reduce(0) { $0 + ($1 ? 1 : 0) }
        if count < Self.minimumRegionCells {
            mask = [Bool](repeating: false, count: n)
            count = 0
        }
        self.foreground = mask
        self.borderDistance = Self.chessboardDistance(mask, grid: grid)
        self.coherence = coherence
        self.contrast = contrast
        self.foregroundCount = count
    }

    static func percentile(_ values: [Float], _ fraction: Double) -> Float {
        guard !values.isEmpty else { return 0 }
        return RankSelection.value(atRank: min(values.count - 1, Int(Double(values.count - 1) * fraction)), in: values)
    }

    static func dilate(_ mask: [Bool], grid: CellGrid, radius: Int) -> [Bool] {
        morphology(mask, grid: grid, radius: radius, keep: true)
    }

    static func erode(_ mask: [Bool], grid: CellGrid, radius: Int) -> [Bool] {
        morphology(mask, grid: grid, radius: radius, keep: false)
    }

    /// Dilation (`keep` true: any set neighbour sets) or erosion (`keep` false: any clear neighbour
    /// clears; outside the grid counts as clear) with a square window, as a row pass then a column pass,
    /// each counting the hits in a sliding window.
    private static func morphology(_ mask: [Bool], grid: CellGrid, radius: Int, keep: Bool) -> [Bool] {
        let columns = grid.columns
        let rows = grid.rows
        // A window reaching outside the grid meets a clear cell, which is a hit only for erosion.
        let outsideHits = !keep
        var rowHit = [Bool](repeating: false, count: mask.count)
        var out = rowHit
        mask.withUnsafeBufferPointer { m in
            rowHit.withUnsafeMutableBufferPointer { h in
                for row in 0..<rows {
                    let base = row * columns
                    var count = 0
                    for c in 0..<min(columns, radius) where m[base + c] == keep { count += 1 }
                    for column in 0..<columns {
                        let entering = column + radius
                        let leaving = column - radius - 1
                        if entering < columns && m[base + entering] == keep { count += 1 }
                        if leaving >= 0 && m[base + leaving] == keep { count -= 1 }
                        h[base + column] = count > 0 || (outsideHits && (column < radius || entering >= columns))
                    }
                }
            }
        }
        var counts = [Int](repeating: 0, count: columns)
        rowHit.withUnsafeBufferPointer { h in
            out.withUnsafeMutableBufferPointer { o in
                counts.withUnsafeMutableBufferPointer { count in
                    for r in 0..<min(rows, radius) {
                        for column in 0..<columns where h[r * columns + column] { count[column] += 1 }
                    }
                    for row in 0..<rows {
                        let entering = row + radius
                        let leaving = row - radius - 1
                        if entering < rows {
                            for column in 0..<columns where h[entering * columns + column] { count[column] += 1 }
                        }
                        if leaving >= 0 {
                            for column in 0..<columns where h[leaving * columns + column] { count[column] -= 1 }
                        }
                        let reachesOutside = outsideHits && (row < radius || entering >= rows)
                        for column in 0..<columns {
                            let hit = reachesOutside || count[column] > 0
                            o[row * columns + column] = keep ? hit : !hit
                        }
                    }
                }
            }
        }
        return out
    }

    /// Keeps the largest 4-connected region and fills its holes (background not reaching the edge).
    private static func largestRegionFilled(_ mask: [Bool], grid: CellGrid) -> [Bool] {
        let labels = label(mask, grid: grid, value: true)
        guard let best = labels.sizes.enumerated().max(by: { $0.element < $1.element })?.offset else {
            return mask
        }
        var region = labels.labels.map { $0 == best }
        let holes = label(region, grid: grid, value: false)
        var touchesEdge = [Bool](repeating: false, count: holes.sizes.count)
        for row in 0..<grid.rows {
            for column in 0..<grid.columns
            where row == 0 || column == 0 || row == grid.rows - 1 || column == grid.columns - 1 {
                let l = holes.labels[row * grid.columns + column]
                if l >= 0 { touchesEdge[l] = true }
            }
        }
        for i in 0..<region.count where holes.labels[i] >= 0 && !touchesEdge[holes.labels[i]] {
            region[i] = true
        }
        return region
    }

    /// 4-connected components of the cells equal to `value`; other cells get label -1.
    private static func label(_ mask: [Bool], grid: CellGrid, value: Bool) -> (labels: [Int], sizes: [Int]) {
        let columns = grid.columns
        let rows = grid.rows
        var labels = [Int](repeating: -1, count: mask.count)
        var sizes: [Int] = []
        var stack: [Int] = []
        stack.reserveCapacity(mask.count)
        mask.withUnsafeBufferPointer { m in
            labels.withUnsafeMutableBufferPointer { l in
                for start in 0..<m.count where m[start] == value && l[start] < 0 {
                    let id = sizes.count
                    var size = 0
                    l[start] = id
                    stack.append(start)
                    while let i = stack.popLast() {
                        size += 1
                        let row = i / columns
                        let column = i - row * columns
                        // Up, down, left, right.
                        for (inside, j) in [
                            (row > 0, i - columns), (row < rows - 1, i + columns),
                            (column > 0, i - 1), (column < columns - 1, i + 1),
                        ]
                        where inside && m[j] == value && l[j] < 0 {
                            l[j] = id
                            stack.append(j)
                        }
                    }
                    sizes.append(size)
                }
            }
        }
        return (labels, sizes)
    }

    /// Two-pass chessboard distance to the nearest clear cell, counting outside the grid as clear.
    private static func chessboardDistance(_ mask: [Bool], grid: CellGrid) -> [Int] {
        let columns = grid.columns
        let rows = grid.rows
        var d = mask.map { $0 ? Int.max / 2 : 0 }
        for row in 0..<rows {
            for column in 0..<columns where d[row * columns + column] > 0 {
                var v = d[row * columns + column]
                if row == 0 || column == 0 || row == rows - 1 || column == columns - 1 { v = 1 }
                if row > 0 {
                    v = min(v, d[(row - 1) * columns + column] + 1)
                    if column > 0 { v = min(v, d[(row - 1) * columns + column - 1] + 1) }
                    if column < columns - 1 { v = min(v, d[(row - 1) * columns + column + 1] + 1) }
                }
                if column > 0 { v = min(v, d[row * columns + column - 1] + 1) }
                d[row * columns + column] = v
            }
        }
        for row in stride(from: rows - 1, through: 0, by: -1) {
            for column in stride(from: columns - 1, through: 0, by: -1) where d[row * columns + column] > 0 {
                var v = d[row * columns + column]
                if row < rows - 1 {
                    v = min(v, d[(row + 1) * columns + column] + 1)
                    if column > 0 { v = min(v, d[(row + 1) * columns + column - 1] + 1) }
                    if column < columns - 1 { v = min(v, d[(row + 1) * columns + column + 1] + 1) }
                }
                if column < columns - 1 { v = min(v, d[row * columns + column + 1] + 1) }
                d[row * columns + column] = v
            }
        }
        return d
    }
}
