/// The value of a given rank without sorting everything: quickselect with median-of-three pivots. After
/// 2·log2(n) + 4 partition rounds the remaining range is sorted instead, so no input costs more than
/// n log n.
enum RankSelection {
    /// The `rank`-th smallest of `values` (0-based; `values` holds no NaN): `values.sorted()[rank]`.
    static func value(atRank rank: Int, in values: [Float]) -> Float {
        precondition(values.indices.contains(rank), "rank \(rank) outside 0..<\(values.count)")
        var v = values
        var low = 0
        var high = v.count - 1
        var rounds = 2 * (Int.bitWidth - v.count.leadingZeroBitCount) + 4
        while low < high {
            guard rounds > 0 else {
                v[low...high].sort()
                return v[rank]
            }
            rounds -= 1
            let middle = low + (high - low) / 2
            if v[middle] < v[low] { v.swapAt(middle, low) }
            if v[high] < v[low] { v.swapAt(high, low) }
            if v[high] < v[middle] { v.swapAt(high, middle) }
            let pivot = v[middle]
            var i = low
            var j = high
            while i <= j {
                while v[i] < pivot { i += 1 }
                while v[j] > pivot { j -= 1 }
                if i <= j {
                    v.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Now v[low...j] ≤ pivot ≤ v[i...high], and anything between equals the pivot.
            if rank <= j {
                high = j
            } else if rank >= i {
                low = i
            } else {
                return v[rank]
            }
        }
        return v[rank]
    }
}
