/// Focus measure: the variance of a 3×3 Laplacian (4·centre − N − S − E − W) sampled every `step` pixels.
public enum Sharpness {
    /// Variance of the Laplacian over a grid of every `step`-th pixel in both directions (step ≥ 1),
    /// excluding the one-pixel border; 0 for frames smaller than 3×3. Higher is sharper.
    public static func laplacianVariance(_ frame: GrayFrame, step: Int = 2) -> Double {
        let step = max(step, 1)
        guard frame.width >= 3, frame.height >= 3 else { return 0 }
        let stride = frame.stride
        var count = 0
        var sum = 0
        var sumOfSquares = 0
        frame.pixels.withUnsafeBufferPointer { p in
            var y = 1
            while y < frame.height - 1 {
                let row = y * stride
                var x = 1
                while x < frame.width - 1 {
                    let i = row + x
                    let centre = Int(p[i]) &* 4
                    let neighbours = Int(p[i - 1]) &+ Int(p[i + 1]) &+ Int(p[i - stride]) &+ Int(p[i + stride])
                    let laplacian = centre &- neighbours
                    sum &+= laplacian
                    sumOfSquares &+= laplacian &* laplacian
                    count &+= 1
                    x &+= step
                }
                y &+= step
            }
        }
        guard count > 0 else { return 0 }
        let mean = Double(sum) / Double(count)
        return Double(sumOfSquares) / Double(count) - mean * mean
    }
}
