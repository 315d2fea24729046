import Imaging
import Testing

@testable import ImageFiles

struct CanvasDrawingTests {
    func canvas(_ width: Int = 20, _ height: Int = 10) throws -> RGBCanvas {
        try RGBCanvas(width: width, height: height, background: .black)
    }

    /// Coordinates of every pixel of `color`.
    func painted(_ canvas: RGBCanvas, _ color: RGBColor) -> Set<PixelPoint> {
        var points: Set<PixelPoint> = []
        for y in 0..<canvas.height {
            for x in 0..<canvas.width where canvas[x, y] == color { points.insert(PixelPoint(x: x, y: y)) }
        }
        return points
    }

    @Test func canvasFromGreyAndColourImages() throws {
        let gray = try GrayImage(width: 2, height: 1, pixels: [10, 200])
        let fromGray = try RGBCanvas(gray)
        #expect(fromGray[1, 0] == RGBColor(gray: 200))
        let frame = try RGBFrame(width: 1, height: 2, stride: 4, pixels: [1, 2, 3, 0, 4, 5, 6, 0])
        let fromFrame = RGBCanvas(frame)
        #expect(fromFrame[0, 1] == RGBColor(red: 4, green: 5, blue: 6))
        #expect(fromFrame.rgbFrame().pixels == [1, 2, 3, 4, 5, 6])
        #expect(fromFrame[5, 5] == nil)
        #expect(throws: ImageFileError.self) { try RGBCanvas(width: 0, height: 5) }
    }

    @Test func horizontalVerticalAndDiagonalLines() throws {
        var c = try canvas()
        c.drawLine(from: PixelPoint(x: 2, y: 3), to: PixelPoint(x: 6, y: 3), color: .red)
        #expect(painted(c, .red) == Set((2...6).map { PixelPoint(x: $0, y: 3) }))
        c = try canvas()
        c.drawLine(from: PixelPoint(x: 5, y: 8), to: PixelPoint(x: 5, y: 1), color: .green)
        #expect(painted(c, .green) == Set((1...8).map { PixelPoint(x: 5, y: $0) }))
        c = try canvas()
        c.drawLine(from: PixelPoint(x: 0, y: 0), to: PixelPoint(x: 4, y: 4), color: .blue)
        #expect(painted(c, .blue) == Set((0...4).map { PixelPoint(x: $0, y: $0) }))
    }

    @Test func shallowLineIsConnectedAndHitsBothEnds() throws {
        var c = try canvas()
        c.drawLine(from: PixelPoint(x: 1, y: 2), to: PixelPoint(x: 18, y: 7), color: .yellow)
        let points = painted(c, .yellow)
        #expect(points.contains(PixelPoint(x: 1, y: 2)) && points.contains(PixelPoint(x: 18, y: 7)))
        #expect(points.count == 18)  // one pixel per column
        #expect(Set(points.map(\.x)) == Set(1...18))
    }

    @Test(arguments: [1, 2, 3])
    func thicknessWidensALine(thickness: Int) throws {
        var c = try canvas()
        c.drawLine(from: PixelPoint(x: 3, y: 5), to: PixelPoint(x: 12, y: 5), color: .red, thickness: thickness)
        let rows = Set(painted(c, .red).map(\.y))
        #expect(rows.count == thickness)
        #expect(rows.contains(5))
        #expect(painted(c, .red).count == 10 * thickness)
    }

    @Test func linesAreClippedAtTheBorders() throws {
        var c = try canvas()
        c.drawLine(from: PixelPoint(x: -50, y: 5), to: PixelPoint(x: 100, y: 5), color: .red, thickness: 3)
        #expect(painted(c, .red).count == 20 * 3)
        c = try canvas()
        c.drawLine(
            from: PixelPoint(x: -1_000_000_000, y: -1_000_000_000), to: PixelPoint(x: 1_000_000_000, y: 1_000_000_000),
            color: .cyan)
        #expect(painted(c, .cyan) == Set((0..<10).map { PixelPoint(x: $0, y: $0) }))
        // Extreme coordinates (beyond the ±2^31 where clipping is exact): no overflow trap, no endless loop.
        c = try canvas()
        c.drawLine(
            from: PixelPoint(x: Int.min, y: Int.min), to: PixelPoint(x: Int.max, y: Int.max), color: .cyan, thickness: 2
        )
        c.drawLine(from: PixelPoint(x: Int.max, y: 3), to: PixelPoint(x: Int.min, y: 3), color: .red, thickness: 3)
        #expect(painted(c, .red).count <= 20 * 3)
        c = try canvas()
        c.drawLine(from: PixelPoint(x: -5, y: -5), to: PixelPoint(x: -1, y: 30), color: .cyan)
        c.drawLine(from: PixelPoint(x: 30, y: 30), to: PixelPoint(x: 40, y: 40), color: .cyan)
        #expect(painted(c, .cyan).isEmpty)
    }

    @Test func lineFromAngle() throws {
        var c = try canvas()
        c.drawLine(from: PixelPoint(x: 2, y: 2), angle: .pi / 2, length: 5, color: .orange)
        #expect(painted(c, .orange) == Set((2...7).map { PixelPoint(x: 2, y: $0) }))
        c.drawLine(from: PixelPoint(x: 2, y: 2), angle: .nan, length: 5, color: .red)
        c.drawLine(from: PixelPoint(x: 2, y: 2), angle: 0, length: .infinity, color: .red)
        #expect(painted(c, .red).isEmpty)
    }

    @Test func circleOutlineLiesOnItsRadius() throws {
        var c = try canvas(30, 30)
        c.drawCircle(center: PixelPoint(x: 15, y: 15), radius: 8, color: .green)
        let points = painted(c, .green)
        #expect(points.contains(PixelPoint(x: 23, y: 15)) && points.contains(PixelPoint(x: 15, y: 7)))
        #expect(!points.contains(PixelPoint(x: 15, y: 15)))
        for point in points {
            let distance = Double((point.x - 15) * (point.x - 15) + (point.y - 15) * (point.y - 15)).squareRoot()
            #expect(abs(distance - 8) <= 0.5)
        }
    }

    @Test func circlesAreClipped() throws {
        var c = try canvas()
        c.drawCircle(center: PixelPoint(x: 0, y: 0), radius: 4, color: .magenta, thickness: 3)
        #expect(painted(c, .magenta).allSatisfy { $0.x <= 6 && $0.y <= 6 })
        #expect(!painted(c, .magenta).isEmpty)
        c = try canvas()
        c.drawCircle(center: PixelPoint(x: Int.max, y: Int.min), radius: Int.max, color: .red)
        c.drawCircle(center: PixelPoint(x: 5, y: 5), radius: -3, color: .red)
        c.fillCircle(center: PixelPoint(x: -100, y: -100), radius: 10, color: .red)
        #expect(painted(c, .red).isEmpty)
    }

    @Test func rectangles() throws {
        var c = try canvas()
        c.drawRectangle(origin: PixelPoint(x: 2, y: 2), width: 4, height: 3, color: .white)
        let outline = painted(c, .white)
        #expect(outline.count == 10)  // perimeter of a 4×3 box
        #expect(!outline.contains(PixelPoint(x: 3, y: 3)))
        c = try canvas()
        c.fillRectangle(origin: PixelPoint(x: 17, y: -3), width: 10, height: 5, color: .white)
        #expect(painted(c, .white) == Set((17...19).flatMap { x in (0...1).map { PixelPoint(x: x, y: $0) } }))
        c.fillRectangle(origin: PixelPoint(x: Int.max - 1, y: 0), width: Int.max, height: 1, color: .red)
        c.drawRectangle(origin: PixelPoint(x: 1, y: 1), width: 0, height: 5, color: .red)
        #expect(painted(c, .red).isEmpty)
    }

    @Test(arguments: MarkerShape.allCases)
    func markersAreDrawnAndClipped(shape: MarkerShape) throws {
        var c = try canvas()
        c.drawMarker(at: PixelPoint(x: 10, y: 5), shape: shape, size: 2, color: .yellow)
        let points = painted(c, .yellow)
        #expect(points.allSatisfy { abs($0.x - 10) <= 2 && abs($0.y - 5) <= 2 })
        #expect(points.count >= 5)
        #expect(shape == .cross || points.contains(PixelPoint(x: 10, y: 5)))
        var corner = try canvas()
        corner.drawMarker(at: PixelPoint(x: 0, y: 0), shape: shape, size: 3, color: .yellow)
        #expect(painted(corner, .yellow).allSatisfy { $0.x <= 3 && $0.y <= 3 })
    }

    @Test func canvasWritesAPNGThatReadsBack() throws {
        var c = try canvas()
        c.drawMarker(at: PixelPoint(x: 4, y: 4), shape: .dot, color: .red)
        let decoded = try ImageFile.decode(c.png())
        #expect(decoded.layout == .rgb && decoded.samples == c.pixels)
    }
}
