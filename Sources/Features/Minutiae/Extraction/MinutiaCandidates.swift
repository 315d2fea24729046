import Foundation

/// A minutia found on the skeleton, in working (500 dpi) coordinates, before false-minutiae removal.
struct MinutiaCandidate {
    var kind: MinutiaKind
    var x: Int
    var y: Int
    /// Direction in image coordinates (y downwards), radians.
    var direction: Double
    var pixel: Int
    /// Walks along its branches (one for an ending, three for a bifurcation).
    var branches: [SkeletonTracer.Trace]
}

/// Finds ridge endings and bifurcations on the skeleton and measures their directions.
enum MinutiaDetection {
    /// Steps along the ridge used to measure a direction.
    static let directionSteps = 10

    /// Every ending and bifurcation pixel inside the print, with its branches walked `traceLength` pixels.
    static func candidates(
        tracer: SkeletonTracer, grid: CellGrid, segmentation: PrintSegmentation,
        orientation: OrientationField, traceLength: Int
    ) -> [MinutiaCandidate] {
        var found: [MinutiaCandidate] = []
        let skeleton = tracer.skeleton
        let ending = SkeletonTracer.PixelKind.ending.rawValue
        let bifurcation = SkeletonTracer.PixelKind.bifurcation.rawValue
        // Raster scan for ending and bifurcation pixels first: a tight loop over the kinds.
        var points: [Int] = []
        tracer.kinds.withUnsafeBufferPointer { kinds in
            for y in 0..<skeleton.height {
                let row = skeleton.index(0, y)
                for i in row..<(row + skeleton.width) where kinds[i] == ending || kinds[i] == bifurcation {
                    points.append(i)
                }
            }
        }
        for i in points {
            let (x, y) = tracer.point(i)
            let kind = tracer.kind(i)
            let cell = grid.cell(x: x, y: y)
            guard segmentation.foreground[cell] else { continue }
            let starts = tracer.branchStarts(at: i)
            let branches = starts.map { first in
                tracer.trace(
                    from: i, first: first, excluded: starts.filter { $0 != first },
                    maxSteps: traceLength, directionSteps: directionSteps)
            }
            let vectors = branches.map { branch -> (Double, Double) in
                let p = tracer.point(branch.directionPixel)
                let dx = Double(p.x - x)
                let dy = Double(p.y - y)
                let length = max(1e-9, (dx * dx + dy * dy).squareRoot())
                return (dx / length, dy / length)
            }
            let direction: Double
            if kind == .ending, vectors.count == 1 {
                direction = atan2(vectors[0].1, vectors[0].0)
            } else if kind == .bifurcation, vectors.count == 3 {
                // The two branches closest in direction form the fork; the minutia points between them.
                var best = (0, 1)
                var bestDot = -2.0
                for (a, b) in [(0, 1), (0, 2), (1, 2)] {
                    let dot = vectors[a].0 * vectors[b].0 + vectors[a].1 * vectors[b].1
                    if dot > bestDot {
                        bestDot = dot
                        best = (a, b)
                    }
                }
                direction = atan2(vectors[best.0].1 + vectors[best.1].1, vectors[best.0].0 + vectors[best.1].0)
            } else {
                continue
            }
            found.append(
                MinutiaCandidate(
                    kind: kind == .ending ? .ending : .bifurcation, x: x, y: y,
                    direction: aligned(direction, toRidge: Double(orientation.angle[cell])),
                    pixel: i, branches: branches))
        }
        return found
    }

    /// Moves a traced direction halfway towards the local ridge orientation when they roughly agree.
    static func aligned(_ direction: Double, toRidge theta: Double) -> Double {
        var difference = remainder(theta - direction, .pi)
        if abs(difference) > .pi / 4 { difference = 0 }
        return direction + 0.5 * difference
    }
}
