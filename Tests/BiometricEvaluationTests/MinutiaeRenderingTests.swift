import Biometrics
import Foundation
import ImageFiles
import Imaging
import Minutiae
import Testing

@testable import BiometricEvaluation

@Suite("Minutiae rendering")
struct MinutiaeRenderingTests {
    let rendering = MinutiaeRendering(markerRadius: 3, directionLength: 8)
    let white = try! GrayImage(width: 40, height: 40, pixels: [UInt8](repeating: 255, count: 1600))

    func draw(_ minutiae: [Minutia], setSide: Int = 40) throws -> RGBCanvas {
        try rendering.canvas(
            image: white,
            minutiae: MinutiaeSet(
                width: setSide, height: setSide, quality: 50,
                minutiae: minutiae))
    }

    @Test func endingPointingRightDrawsARedCircleAndLineToTheRight() throws {
        let canvas = try draw([Minutia(kind: .ending, x: 10, y: 10, angle: 0, quality: 50)])
        #expect(canvas[13, 10] == .red, "circle of radius 3")
        #expect(canvas[10, 7] == .red && canvas[10, 13] == .red)
        #expect((14...18).allSatisfy { canvas[$0, 10] == .red }, "direction line")
        #expect(canvas[19, 10] == .white)
        #expect(canvas[5, 10] == .white, "nothing to the left beyond the circle")
        #expect(canvas[30, 30] == .white)
    }

    @Test func bifurcationPointingUpTheImageDrawsABlueSquareAndLineUpwards() throws {
        // ISO angles are counter-clockwise as seen; π/2 runs up the image, towards smaller y.
        let canvas = try draw([Minutia(kind: .bifurcation, x: 30, y: 30, angle: .pi / 2, quality: 50)])
        #expect(canvas[27, 27] == .blue && canvas[33, 33] == .blue, "square corners")
        #expect((22...26).allSatisfy { canvas[30, $0] == .blue }, "line above")
        #expect(canvas[30, 36] == .white && canvas[30, 38] == .white, "nothing below the square")
    }

    @Test func diagonalDirectionGoesUpAndRight() throws {
        let canvas = try draw([Minutia(kind: .ending, x: 10, y: 20, angle: .pi / 4, quality: 50)])
        #expect(canvas[16, 14] == .red)
        #expect(canvas[16, 26] == .white)
    }

    @Test func otherKindUsesItsOwnColour() throws {
        let canvas = try draw([Minutia(kind: .other, x: 20, y: 20, angle: 0, quality: 50)])
        #expect(canvas[17, 17] == .yellow && canvas[23, 23] == .yellow)
    }

    @Test func coordinatesAreScaledToTheImage() throws {
        let canvas = try draw([Minutia(kind: .ending, x: 5, y: 5, angle: 0, quality: 50)], setSide: 20)
        #expect(canvas[13, 10] == .red)
        #expect(canvas[8, 5] == .white)
    }

    @Test func pngDecodesToTheCanvas() throws {
        let minutiae = [
            Minutia(kind: .ending, x: 10, y: 10, angle: 1, quality: 50),
            Minutia(kind: .bifurcation, x: 25, y: 30, angle: 4, quality: 50),
        ]
        let set = MinutiaeSet(width: 40, height: 40, quality: 50, minutiae: minutiae)
        let png = try rendering.png(image: white, minutiae: set)
        let decoded = try ImageFile.decode(png)
        #expect(decoded.width == 40 && decoded.height == 40)
        #expect(decoded.rgbSamples == (try rendering.canvas(image: white, minutiae: set)).pixels)
    }

    @Test func unreadableFileIsNamed() throws {
        let folder = try TestFolders.temporary()
        defer { TestFolders.remove(folder) }
        let path = folder + "/print.png"
        try Data("no image".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            try rendering.png(imageAt: path)
        } throws: { error in
            guard case .image(let badPath, _) = error as? FingerprintEvaluationError else { return false }
            return badPath == path
        }
    }
}
