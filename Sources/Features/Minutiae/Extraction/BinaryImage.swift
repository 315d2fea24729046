/// A 0/1 image with a one-pixel border of zeros, so 3×3 neighbourhoods need no bounds checks.
struct BinaryImage {
    let width: Int
    let height: Int
    let stride: Int
    var pixels: [UInt8]

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        self.stride = width + 2
        self.pixels = [UInt8](repeating: 0, count: (width + 2) * (height + 2))
    }

    @inline(__always) func index(_ x: Int, _ y: Int) -> Int { (y + 1) * stride + x + 1 }

    /// Linear offsets of the 8 neighbours, clockwise from north: N, NE, E, SE, S, SW, W, NW.
    var neighbourOffsets: [Int] {
        [-stride, -stride + 1, 1, stride + 1, stride, stride - 1, -1, -stride - 1]
    }

    /// Neighbour pattern of pixel `i` as 8 bits, bit k set when neighbour k (see `neighbourOffsets`) is set.
    @inline(__always) static func pattern(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ stride: Int) -> Int {
        // Wrapping index arithmetic: the one-pixel border keeps every neighbour inside the buffer.
        let above = i &- stride
        let below = i &+ stride
        return Int(p[above]) | Int(p[above &+ 1]) << 1 | Int(p[i &+ 1]) << 2 | Int(p[below &+ 1]) << 3
            | Int(p[below]) << 4 | Int(p[below &- 1]) << 5 | Int(p[i &- 1]) << 6 | Int(p[above &- 1]) << 7
    }

    @inline(__always) static func pattern(_ p: UnsafeMutableBufferPointer<UInt8>, _ i: Int, _ stride: Int) -> Int {
        // Wrapping index arithmetic: the one-pixel border keeps every neighbour inside the buffer.
        let above = i &- stride
        let below = i &+ stride
        return Int(p[above]) | Int(p[above &+ 1]) << 1 | Int(p[i &+ 1]) << 2 | Int(p[below &+ 1]) << 3
            | Int(p[below]) << 4 | Int(p[below &- 1]) << 5 | Int(p[i &- 1]) << 6 | Int(p[above &- 1]) << 7
    }
}
