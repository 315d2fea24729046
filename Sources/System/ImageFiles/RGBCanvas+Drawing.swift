import Foundation

/// A pixel position; may lie outside the canvas (drawing is clipped).
public struct PixelPoint: Sendable, Hashable {
    /// Column.
    public var x: Int
    /// Row.
    public var y: Int

    /// The point at column `x`, row `y`.
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// Shapes for `RGBCanvas.drawMarker`.
public enum MarkerShape: Sendable, CaseIterable {
    /// A filled disc.
    case dot
    /// A filled square.
    case square
    /// An upright cross (+).
    case plus
    /// A diagonal cross (×).
    case cross
}

extension RGBCanvas {
    /// Thicknesses drawing accepts; others are clamped into this range.
    public static let thicknessRange = 1...3

    /// Draws a straight line between two points at any angle, `thickness` pixels wide (1-3); exact for coordinates within ±2^31.
    public mutating func drawLine(from start: PixelPoint, to end: PixelPoint, color: RGBColor, thickness: Int = 1) {
        let thickness = Self.clampThickness(thickness)
        let margin = Double(thickness)
        guard let (a, b) = clip(from: start, to: end, margin: margin) else { return }
        var x = a.x
        var y = a.y
        let dx = abs(b.x - a.x)
        let dy = -abs(b.y - a.y)
        let stepX = a.x < b.x ? 1 : -1
        let stepY = a.y < b.y ? 1 : -1
        var error = dx + dy
        let alongX = dx >= -dy
        while true {
            stamp(x: x, y: y, thickness: thickness, across: alongX, color: color)
            if x == b.x && y == b.y { break }
            let doubled = 2 * error
            if doubled >= dy {
                error += dy
                x += stepX
            }
            if doubled <= dx {
                error += dx
                y += stepY
            }
        }
    }

    /// Draws a line of `length` pixels from `start` at `angle` radians (0 = right, π/2 = down).
    public mutating func drawLine(
        from start: PixelPoint, angle: Double, length: Double, color: RGBColor, thickness: Int = 1
    ) {
        guard angle.isFinite, length.isFinite else { return }
        let end = PixelPoint(
            x: Self.saturatingInt(Double(start.x) + cos(angle) * length),
            y: Self.saturatingInt(Double(start.y) + sin(angle) * length))
        drawLine(from: start, to: end, color: color, thickness: thickness)
    }

    /// Draws a circle outline of `radius` pixels around `center`; a negative radius draws nothing.
    public mutating func drawCircle(center: PixelPoint, radius: Int, color: RGBColor, thickness: Int = 1) {
        let half = Double(Self.clampThickness(thickness)) / 2
        let r = Double(radius)
        paintPixels(near: center, reach: r + half, color: color) { distance in abs(distance - r) <= half }
    }

    /// Fills a disc of `radius` pixels around `center`.
    public mutating func fillCircle(center: PixelPoint, radius: Int, color: RGBColor) {
        let r = Double(radius) + 0.5
        paintPixels(near: center, reach: r, color: color) { distance in distance <= r }
    }

    /// Draws the outline of the rectangle with corners `origin` and `origin + (width - 1, height - 1)`.
    public mutating func drawRectangle(origin: PixelPoint, width: Int, height: Int, color: RGBColor, thickness: Int = 1)
    {
        guard width > 0, height > 0 else { return }
        let right = Self.saturatingAdd(origin.x, width - 1)
        let bottom = Self.saturatingAdd(origin.y, height - 1)
        let corners = [
            origin, PixelPoint(x: right, y: origin.y), PixelPoint(x: right, y: bottom),
            PixelPoint(x: origin.x, y: bottom),
        ]
        for index in 0..<4 {
            drawLine(from: corners[index], to: corners[(index + 1) % 4], color: color, thickness: thickness)
        }
    }

    /// Fills the rectangle with top-left corner `origin` and the given size.
    public mutating func fillRectangle(origin: PixelPoint, width: Int, height: Int, color: RGBColor) {
        guard width > 0, height > 0 else { return }
        let left = max(origin.x, 0)
        let top = max(origin.y, 0)
        let right = min(Self.saturatingAdd(origin.x, width - 1), self.width - 1)
        let bottom = min(Self.saturatingAdd(origin.y, height - 1), self.height - 1)
        guard left <= right, top <= bottom else { return }
        for y in top...bottom {
            for x in left...right { plot(x: x, y: y, color: color) }
        }
    }

    /// Draws a small marker centred on `center`; `size` is its half-width in pixels (clamped to 1-8).
    public mutating func drawMarker(at center: PixelPoint, shape: MarkerShape, size: Int = 2, color: RGBColor) {
        let size = min(max(size, 1), 8)
        switch shape {
        case .dot:
            fillCircle(center: center, radius: size, color: color)
        case .square:
            fillRectangle(
                origin: PixelPoint(x: Self.saturatingAdd(center.x, -size), y: Self.saturatingAdd(center.y, -size)),
                width: 2 * size + 1, height: 2 * size + 1, color: color)
        case .plus:
            drawLine(from: offset(center, -size, 0), to: offset(center, size, 0), color: color)
            drawLine(from: offset(center, 0, -size), to: offset(center, 0, size), color: color)
        case .cross:
            drawLine(from: offset(center, -size, -size), to: offset(center, size, size), color: color)
            drawLine(from: offset(center, -size, size), to: offset(center, size, -size), color: color)
        }
    }

    // MARK: - Helpers

    private static func clampThickness(_ thickness: Int) -> Int {
        min(max(thickness, thicknessRange.lowerBound), thicknessRange.upperBound)
    }

    private static func saturatingAdd(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? Int.max : Int.min) : sum
    }

    /// `value` rounded, saturated to a range whose squares and sums stay far from overflow.
    private static func saturatingInt(_ value: Double) -> Int {
        guard value.isFinite else { return value > 0 ? 1 << 40 : -(1 << 40) }
        return Int(min(max(value.rounded(), -1e12), 1e12))
    }

    private func offset(_ point: PixelPoint, _ dx: Int, _ dy: Int) -> PixelPoint {
        PixelPoint(x: Self.saturatingAdd(point.x, dx), y: Self.saturatingAdd(point.y, dy))
    }

    /// `thickness` pixels centred on (x, y) across the line: a column for mostly horizontal lines, a row otherwise
    /// (for 2, the extra pixel is below / right).
    private mutating func stamp(x: Int, y: Int, thickness: Int, across alongX: Bool, color: RGBColor) {
        for offset in (-(thickness - 1) / 2)...(thickness / 2) {
            if alongX { plot(x: x, y: y + offset, color: color) } else { plot(x: x + offset, y: y, color: color) }
        }
    }

    /// The segment cut to the canvas grown by `margin` (Liang–Barsky), endpoints rounded; nil when it misses.
    private func clip(from start: PixelPoint, to end: PixelPoint, margin: Double) -> (PixelPoint, PixelPoint)? {
        let x0 = Double(start.x)
        let y0 = Double(start.y)
        let dx = Double(end.x) - x0
        let dy = Double(end.y) - y0
        let minX = -margin
        let maxX = Double(width - 1) + margin
        let minY = -margin
        let maxY = Double(height - 1) + margin
        var t0 = 0.0
        var t1 = 1.0
        for (p, q) in [(-dx, x0 - minX), (dx, maxX - x0), (-dy, y0 - minY), (dy, maxY - y0)] {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let t = q / p
                if p < 0 { t0 = max(t0, t) } else { t1 = min(t1, t) }
                if t0 > t1 { return nil }
            }
        }
        // Exact for coordinates within ±2^31; beyond that Double rounding can push the cut points off the
        // rectangle, so they are clamped to it, which bounds the pixel loop whatever the input.
        func cut(_ t: Double) -> PixelPoint {
            PixelPoint(
                x: Self.saturatingInt(min(max(x0 + t * dx, minX), maxX)),
                y: Self.saturatingInt(min(max(y0 + t * dy, minY), maxY)))
        }
        return (cut(t0), cut(t1))
    }

    /// Paints each canvas pixel within `reach` of `center` whose distance from it passes `test`.
    private mutating func paintPixels(
        near center: PixelPoint, reach: Double, color: RGBColor, where test: (Double) -> Bool
    ) {
        guard reach >= 0 else { return }
        let cx = Double(center.x)
        let cy = Double(center.y)
        let left = max(0, cx - reach)
        let right = min(Double(width - 1), cx + reach)
        let top = max(0, cy - reach)
        let bottom = min(Double(height - 1), cy + reach)
        guard left <= right, top <= bottom else { return }
        for y in Int(top.rounded(.down))...Int(bottom.rounded(.up)) {
            for x in Int(left.rounded(.down))...Int(right.rounded(.up)) {
                let distance = ((Double(x) - cx) * (Double(x) - cx) + (Double(y) - cy) * (Double(y) - cy)).squareRoot()
                if test(distance) { plot(x: x, y: y, color: color) }
            }
        }
    }
}
