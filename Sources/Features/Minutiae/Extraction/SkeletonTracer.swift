/// Walks along the skeleton from a minutia: classifies skeleton pixels and follows ridges.
struct SkeletonTracer {
    enum PixelKind: UInt8 {
        case background = 0, ending, line, bifurcation
    }

    /// Where a walk along one branch ended.
    struct Trace {
        /// Pixel reached after `directionSteps` steps (or where the walk stopped, if sooner).
        var directionPixel: Int
        /// Last pixel of the walk.
        var end: Int
        var steps: Int
        /// The ending or bifurcation pixel the walk ran into, if any.
        var reached: Int?
    }

    let skeleton: BinaryImage
    /// `PixelKind` raw value per skeleton pixel index.
    let kinds: [UInt8]
    private let stepOffsets: [Int]

    init(skeleton: BinaryImage) {
        self.skeleton = skeleton
        let stride = skeleton.stride
        var kinds = [UInt8](repeating: 0, count: skeleton.pixels.count)
        skeleton.pixels.withUnsafeBufferPointer { p in
            for y in 0..<skeleton.height {
                let row = skeleton.index(0, y)
                for i in row..<(row + skeleton.width) {
                    guard p[i] != 0 else { continue }
                    let pattern = BinaryImage.pattern(p, i, stride)
                    let kind: PixelKind
                    switch (pattern.nonzeroBitCount, SkeletonTopology.crossingNumber[pattern]) {
                    case (0, _): kind = .background
                    case (1, _): kind = .ending
                    case (3..., 3): kind = .bifurcation
                    default: kind = .line
                    }
                    kinds[i] = kind.rawValue
                }
            }
        }
        self.kinds = kinds
        // Edge neighbours first, so a walk takes the straight step where a diagonal one is also possible.
        stepOffsets = [-stride, 1, stride, -1, -stride + 1, stride + 1, stride - 1, -stride - 1]
    }

    func kind(_ i: Int) -> PixelKind { PixelKind(rawValue: kinds[i]) ?? .background }

    /// The first pixel of each branch leaving pixel `i`: one per run of consecutive set ring neighbours.
    func branchStarts(at i: Int) -> [Int] {
        let ring = skeleton.neighbourOffsets
        let pattern = skeleton.pixels.withUnsafeBufferPointer { BinaryImage.pattern($0, i, skeleton.stride) }
        var starts: [Int] = []
        for k in 0..<8 where (pattern >> k) & 1 == 1 && (pattern >> ((k + 7) % 8)) & 1 == 0 {
            // Start of a run at k; prefer an edge neighbour (even k) inside the run.
            var chosen = k
            if k % 2 == 1, (pattern >> ((k + 1) % 8)) & 1 == 1 { chosen = (k + 1) % 8 }
            starts.append(i + ring[chosen])
        }
        if starts.isEmpty && pattern == 0xFF { starts = [i + ring[0]] }
        return starts
    }

    /// Follows the ridge from `start` through `first` for at most `maxSteps` pixels, never stepping on
    /// `start` or `excluded`; stops on the first ending or bifurcation pixel met.
    func trace(from start: Int, first: Int, excluded: [Int], maxSteps: Int, directionSteps: Int) -> Trace {
        var recent = [start] + excluded
        let fixed = recent.count
        var current = first
        var steps = 1
        var directionPixel = first
        return skeleton.pixels.withUnsafeBufferPointer { p in
            while true {
                if steps <= directionSteps { directionPixel = current }
                let k = kinds[current]
                if k == PixelKind.ending.rawValue || k == PixelKind.bifurcation.rawValue {
                    return Trace(directionPixel: directionPixel, end: current, steps: steps, reached: current)
                }
                if steps >= maxSteps {
                    return Trace(directionPixel: directionPixel, end: current, steps: steps, reached: nil)
                }
                var next = -1
                for offset in stepOffsets {
                    let candidate = current + offset
                    guard p[candidate] != 0, !recent.contains(candidate) else { continue }
                    if kinds[candidate] == PixelKind.bifurcation.rawValue {
                        next = candidate
                        break
                    }
                    if next < 0 { next = candidate }
                }
                guard next >= 0 else {
                    return Trace(directionPixel: directionPixel, end: current, steps: steps, reached: nil)
                }
                recent.append(current)
                if recent.count > fixed + 3 { recent.remove(at: fixed) }
                current = next
                steps += 1
            }
        }
    }

    /// Image coordinates of a skeleton pixel index.
    func point(_ i: Int) -> (x: Int, y: Int) {
        (i % skeleton.stride - 1, i / skeleton.stride - 1)
    }
}
