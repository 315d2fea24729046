/// The five PNG row filters (RFC 2083 §6).
enum PNGFilter: UInt8, CaseIterable {
    case none = 0, sub = 1, up = 2, average = 3, paeth = 4

    /// The Paeth predictor: whichever of left, up and upper-left is closest to left + up − upper-left.
    @inline(__always)
    static func paethPredictor(_ left: Int, _ up: Int, _ upperLeft: Int) -> Int {
        let estimate = left + up - upperLeft
        let toLeft = abs(estimate - left)
        let toUp = abs(estimate - up)
        let toUpperLeft = abs(estimate - upperLeft)
        if toLeft <= toUp && toLeft <= toUpperLeft { return left }
        return toUp <= toUpperLeft ? up : upperLeft
    }

    /// Reverses this filter on `row` in place, given the already-unfiltered previous row (zeros for the first).
    func unfilter(_ row: UnsafeMutableBufferPointer<UInt8>, previous: UnsafeBufferPointer<UInt8>, step: Int) {
        switch self {
        case .none:
            break
        case .sub:
            for i in step..<max(step, row.count) { row[i] = row[i] &+ row[i - step] }
        case .up:
            for i in 0..<row.count { row[i] = row[i] &+ previous[i] }
        case .average:
            for i in 0..<row.count {
                let left = i >= step ? Int(row[i - step]) : 0
                row[i] = row[i] &+ UInt8((left + Int(previous[i])) / 2)
            }
        case .paeth:
            for i in 0..<row.count {
                let left = i >= step ? Int(row[i - step]) : 0
                let upperLeft = i >= step ? Int(previous[i - step]) : 0
                row[i] = row[i] &+ UInt8(Self.paethPredictor(left, Int(previous[i]), upperLeft))
            }
        }
    }

    /// Applies this filter to `row` (the raw bytes), given the raw previous row, for encoding.
    func filter(_ row: ArraySlice<UInt8>, previous: ArraySlice<UInt8>?, step: Int) -> [UInt8] {
        let base = row.startIndex
        let previousBase = previous?.startIndex ?? 0
        func raw(_ i: Int) -> Int { i >= 0 ? Int(row[base + i]) : 0 }
        func above(_ i: Int) -> Int { i >= 0 ? previous.map { Int($0[previousBase + i]) } ?? 0 : 0 }
        return (0..<row.count).map { i in
            let predicted: Int =
                switch self {
                case .none: 0
                case .sub: raw(i - step)
                case .up: above(i)
                case .average: (raw(i - step) + above(i)) / 2
                case .paeth: Self.paethPredictor(raw(i - step), above(i), above(i - step))
                }
            return UInt8(truncatingIfNeeded: raw(i) - predicted)
        }
    }
}
