/// Reduces ridges to one-pixel-wide 8-connected skeletons: parallel Zhang-Suen thinning, then one
/// sequential pass removing the corner pixels of staircases so that line pixels have two neighbours.
enum Thinning {
    /// Neighbourhood patterns (see `BinaryImage.pattern`) whose centre the first / second Zhang-Suen
    /// sub-iteration deletes.
    private static let deletable: (first: [Bool], second: [Bool]) = {
        var first = [Bool](repeating: false, count: 256)
        var second = first
        for pattern in 0..<256 {
            let bit = { (k: Int) in (pattern >> k) & 1 }
            let neighbours = (0..<8).reduce(0) { $0 + bit($1) }
            guard (2...6).contains(neighbours), SkeletonTopology.crossingNumber[pattern] == 1 else { continue }
            let (n, e, s, w) = (bit(0), bit(2), bit(4), bit(6))
            first[pattern] = n * e * s == 0 && e * s * w == 0
            second[pattern] = n * e * w == 0 && n * s * w == 0
        }
        return (first, second)
    }()

    static func thin(_ image: inout BinaryImage) {
        let stride = image.stride
        let width = image.width
        let height = image.height
        let tables = deletable
        image.pixels.withUnsafeMutableBufferPointer { p in
            var active: [Int] = []
            for y in 0..<height {
                let row = (y + 1) * stride + 1
                for i in row..<(row + width) where p[i] != 0 { active.append(i) }
            }
            var doomed: [Int] = []
            tables.first.withUnsafeBufferPointer { first in
                tables.second.withUnsafeBufferPointer { second in
                    var changed = true
                    while changed {
                        changed = false
                        for table in [first, second] {
                            doomed.removeAll(keepingCapacity: true)
                            for i in active where table[BinaryImage.pattern(p, i, stride)] { doomed.append(i) }
                            for i in doomed { p[i] = 0 }
                            if !doomed.isEmpty {
                                changed = true
                                active.removeAll { p[$0] == 0 }
                            }
                        }
                    }
                }
            }
            SkeletonTopology.components8.withUnsafeBufferPointer { connectivity in
                for i in active where p[i] != 0 {
                    let pattern = BinaryImage.pattern(p, i, stride)
                    if pattern.nonzeroBitCount >= 2 && connectivity[pattern] == 1 { p[i] = 0 }
                }
            }
        }
    }
}

/// Lookup tables over the 8-neighbour pattern of a skeleton pixel.
enum SkeletonTopology {
    /// Number of 0→1 transitions going round the ring N, NE, … NW: 1 at an ending, 2 on a line,
    /// 3 at a bifurcation.
    static let crossingNumber: [UInt8] = (0..<256).map { pattern in
        UInt8(
            (0..<8).reduce(0) { count, k in
                count + (((pattern >> k) & 1) == 0 && ((pattern >> ((k + 1) % 8)) & 1) == 1 ? 1 : 0)
            })
    }

    /// Number of 8-connected groups among the set neighbours (consecutive ring pixels touch, and so do
    /// two edge neighbours around a corner, e.g. N and E). One group means the centre is redundant.
    static let components8: [UInt8] = (0..<256).map { pattern in
        var parent = Array(0..<8)
        func root(_ k: Int) -> Int {
            var k = k
            while parent[k] != k { k = parent[k] }
            return k
        }
        func join(_ a: Int, _ b: Int) {
            guard (pattern >> a) & 1 == 1, (pattern >> b) & 1 == 1 else { return }
            parent[root(a)] = root(b)
        }
        for k in 0..<8 { join(k, (k + 1) % 8) }
        for k in stride(from: 0, to: 8, by: 2) { join(k, (k + 2) % 8) }
        return UInt8(Set((0..<8).filter { (pattern >> $0) & 1 == 1 }.map(root)).count)
    }
}
