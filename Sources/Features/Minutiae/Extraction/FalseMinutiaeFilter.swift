import Foundation

/// Removes minutiae that come from noise rather than from ridges: spurs, short ridges, bridges and
/// holes (two minutiae joined by a short piece of skeleton), broken ridges (two endings facing each
/// other), and pairs or clusters too close together.
enum FalseMinutiaeFilter {
    /// Two endings facing each other, roughly in line, across less than this many ridge periods are one
    /// broken ridge. Chosen with `MinutiaeExtractor.falseLinkPeriods` (was 1.6): with fewer short links
    /// removed, the wider gap catches the ridge breaks of dry and noisy prints.
    static let brokenRidgeGapPeriods = 2.0

    /// Minutiae caused by the edge of the print: endings whose ridge runs out of the print area within
    /// `reach` pixels beyond the end, and anything closer than `margin` cells to the edge.
    static func dropBorderArtefacts(
        _ candidates: [MinutiaCandidate], grid: CellGrid, segmentation: PrintSegmentation,
        width: Int, height: Int, reach: Double, margin: Int
    ) -> [MinutiaCandidate] {
        candidates.filter { c in
            guard segmentation.borderDistance[grid.cell(x: c.x, y: c.y)] > margin else { return false }
            guard c.kind == .ending else { return true }
            let dx = -cos(c.direction)
            let dy = -sin(c.direction)
            var t = 2.0
            while t <= reach {
                let x = Int((Double(c.x) + t * dx).rounded())
                let y = Int((Double(c.y) + t * dy).rounded())
                guard x >= 0, y >= 0, x < width, y < height,
                    segmentation.borderDistance[grid.cell(x: x, y: y)] > 1
                else { return false }
                t += 2
            }
            return true
        }
    }

    /// `linkLength`: the longest piece of skeleton (pixels) between two minutiae that marks both as false.
    static func filter(_ candidates: [MinutiaCandidate], period: Double, linkLength: Int) -> [MinutiaCandidate] {
        var removed = [Bool](repeating: false, count: candidates.count)
        var byPixel: [Int: Int] = [:]
        for (k, c) in candidates.enumerated() { byPixel[c.pixel] = k }

        // Short skeleton links: spurs, short ridges, bridges, holes.
        for (k, c) in candidates.enumerated() {
            for branch in c.branches {
                guard let reached = branch.reached, branch.steps <= linkLength else { continue }
                removed[k] = true
                if let other = byPixel[reached] { removed[other] = true }
            }
        }

        // Broken ridges: endings facing each other across a small gap, roughly in line.
        let gap = brokenRidgeGapPeriods * period
        for a in candidates.indices where candidates[a].kind == .ending && !removed[a] {
            for b in candidates.indices where b > a && candidates[b].kind == .ending && !removed[b] {
                let dx = Double(candidates[b].x - candidates[a].x)
                let dy = Double(candidates[b].y - candidates[a].y)
                let distance = (dx * dx + dy * dy).squareRoot()
                guard distance < gap else { continue }
                let opposite = abs(remainder(candidates[a].direction - candidates[b].direction - .pi, 2 * .pi))
                // Ending directions point into their ridges, i.e. away from the gap.
                let towardsB = atan2(dy, dx)
                let inLine = abs(remainder(candidates[a].direction + .pi - towardsB, 2 * .pi))
                if opposite < .pi / 4 && (inLine < .pi / 3 || distance < 0.6 * period) {
                    removed[a] = true
                    removed[b] = true
                }
            }
        }

        // Pairs too close to be separate ridge events, and clusters typical of noisy areas.
        let close = 0.5 * period
        let crowd = 1.5 * period
        var crowding = [Int](repeating: 0, count: candidates.count)
        var tooClose = [Bool](repeating: false, count: candidates.count)
        for a in candidates.indices where !removed[a] {
            for b in candidates.indices where b > a && !removed[b] {
                let dx = Double(candidates[b].x - candidates[a].x)
                let dy = Double(candidates[b].y - candidates[a].y)
                let distance = (dx * dx + dy * dy).squareRoot()
                if distance < close {
                    tooClose[a] = true
                    tooClose[b] = true
                }
                if distance < crowd {
                    crowding[a] += 1
                    crowding[b] += 1
                }
            }
        }
        return candidates.indices.filter { !removed[$0] && !tooClose[$0] && crowding[$0] < 3 }.map { candidates[$0] }
    }
}
