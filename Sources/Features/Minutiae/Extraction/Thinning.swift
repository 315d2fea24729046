/// Reduces ridges to one-pixel-wide 8-connected skeletons: parallel Zhang-Suen thinning, then one
/// sequential pass removing the corner pixels of staircases so that line pixels have two neighbours.
///
/// The Zhang-Suen sub-iterations run on `PackedRows`, 64 pixels a step: a pixel is deleted when it has
/// 2 to 6 set neighbours, exactly one 0→1 transition round its ring (N, NE, … NW), and, in the first
/// sub-iteration, N·E·S = E·S·W = 0, in the second N·E·W = N·S·W = 0.
enum Thinning {
    enum SubIteration { case first, second }

    static func thin(_ image: inout BinaryImage) {
        var packed = PackedRows(image)
        var deletions = [UInt64](repeating: 0, count: packed.words.count)
        var changed = true
        while changed {
            changed = false
            for subIteration in [SubIteration.first, .second]
            where deleteSimplePoints(&packed, subIteration, deletions: &deletions) {
                changed = true
            }
        }
        packed.unpack(into: &image)
        removeStaircaseCorners(&image, candidates: packed)
    }

    /// One parallel sub-iteration: every decision reads the image as it was before it. True when a pixel
    /// was deleted.
    static func deleteSimplePoints(
        _ packed: inout PackedRows, _ subIteration: SubIteration, deletions: inout [UInt64]
    ) -> Bool {
        let rowStride = packed.rowStride
        let wordsPerRow = packed.wordsPerRow
        var any: UInt64 = 0
        packed.words.withUnsafeMutableBufferPointer { words in
            deletions.withUnsafeMutableBufferPointer { doomed in
                // Wrapping index arithmetic: the guard words and the image's zero border rows keep every
                // neighbour word inside the buffer.
                @inline(__always) func west(_ i: Int) -> UInt64 { words[i] << 1 | words[i &- 1] >> 63 }
                @inline(__always) func east(_ i: Int) -> UInt64 { words[i] >> 1 | words[i &+ 1] << 63 }
                for row in 1..<(packed.rows - 1) {
                    for i in (row * rowStride + 1)..<(row * rowStride + 1 + wordsPerRow) {
                        let centre = words[i]
                        guard centre != 0 else {
                            doomed[i] = 0
                            continue
                        }
                        let up = i &- rowStride
                        let down = i &+ rowStride
                        let ring = (
                            words[up], east(up), east(i), east(down), words[down], west(down), west(i), west(up)
                        )
                        let (n, e, s, w) = (ring.0, ring.2, ring.4, ring.6)
                        let shape =
                            switch subIteration {
                            case .first: ~(n & e & s) & ~(e & s & w)
                            case .second: ~(n & e & w) & ~(n & s & w)
                            }
                        let deleted =
                            centre & shape & twoToSixSet(ring) & exactlyOneRise(ring)
                        doomed[i] = deleted
                        any |= deleted
                    }
                }
                if any != 0 {
                    for i in words.indices { words[i] &= ~doomed[i] }
                }
            }
        }
        return any != 0
    }

    typealias Ring = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    /// Bits whose eight ring values hold 2 to 6 ones: a bit-sliced count.
    @inline(__always) static func twoToSixSet(_ ring: Ring) -> UInt64 {
        var (one, two, four, eight): (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        @inline(__always) func add(_ value: UInt64) {
            let carry1 = one & value
            one ^= value
            let carry2 = two & carry1
            two ^= carry1
            eight |= four & carry2
            four ^= carry2
        }
        add(ring.0)
        add(ring.1)
        add(ring.2)
        add(ring.3)
        add(ring.4)
        add(ring.5)
        add(ring.6)
        add(ring.7)
        let atLeastTwo = two | four | eight
        let atLeastSeven = eight | (four & two & one)
        return atLeastTwo & ~atLeastSeven
    }

    /// Bits with exactly one 0→1 transition going round the ring (the crossing number is 1).
    @inline(__always) static func exactlyOneRise(_ ring: Ring) -> UInt64 {
        var once: UInt64 = 0
        var twice: UInt64 = 0
        @inline(__always) func step(_ from: UInt64, _ to: UInt64) {
            let rise = ~from & to
            twice |= once & rise
            once |= rise
        }
        step(ring.0, ring.1)
        step(ring.1, ring.2)
        step(ring.2, ring.3)
        step(ring.3, ring.4)
        step(ring.4, ring.5)
        step(ring.5, ring.6)
        step(ring.6, ring.7)
        step(ring.7, ring.0)
        return once & ~twice
    }

    /// The sequential pass, in row order over the `candidates`' set pixels: a pixel whose set neighbours
    /// form one 8-connected group is a staircase corner the line does not need.
    static func removeStaircaseCorners(_ image: inout BinaryImage, candidates: PackedRows) {
        let stride = image.stride
        image.pixels.withUnsafeMutableBufferPointer { p in
            SkeletonTopology.components8.withUnsafeBufferPointer { connectivity in
                candidates.forEachSetPixel(stride: stride) { i in
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
