import Foundation

/// Ridge orientation per cell from the smoothed doubled-angle gradient tensor. Angles are in image
/// coordinates (y downwards), in [0, π): the direction the ridges run.
struct OrientationField {
    static let bins = 32

    var angle: [Float]
    /// `angle` quantised to `bins` steps of π / bins.
    var bin: [UInt8]

    init(tensor: GradientTensor, grid: CellGrid) {
        let n = grid.count
        var vx = [Float](repeating: 0, count: n)
        var vy = [Float](repeating: 0, count: n)
        // Local doubled-angle vectors over 12×12 pixels, scaled to their coherence (0-1), so that
        // contrast differences between areas do not decide the smoothed orientation.
        let xx = grid.boxMean(tensor.xx, radius: 1)
        let yy = grid.boxMean(tensor.yy, radius: 1)
        let xy = grid.boxMean(tensor.xy, radius: 1)
        for c in 0..<n {
            let energy = xx[c] + yy[c]
            guard energy > 1e-3 else { continue }
            vx[c] = (xx[c] - yy[c]) / energy
            vy[c] = 2 * xy[c] / energy
        }
        vx = grid.boxMean(grid.boxMean(vx, radius: 3), radius: 3)
        vy = grid.boxMean(grid.boxMean(vy, radius: 3), radius: 3)
        var angle = [Float](repeating: 0, count: n)
        var bin = [UInt8](repeating: 0, count: n)
        let bins = Float(Self.bins)
        for c in 0..<n {
            var theta = 0.5 * atan2(vy[c], vx[c]) + .pi / 2
            if theta >= .pi { theta -= .pi }
            if theta < 0 { theta += .pi }
            angle[c] = theta
            bin[c] = UInt8(Int((theta / .pi * bins).rounded()) % Self.bins)
        }
        self.angle = angle
        self.bin = bin
    }

    /// Unit direction (image coordinates) of orientation bin `b`.
    static func direction(ofBin b: Int) -> (x: Double, y: Double) {
        let theta = Double(b) * Double.pi / Double(bins)
        return (cos(theta), sin(theta))
    }
}
