import Biometrics
import Foundation
import ImageFiles
import Imaging
import Minutiae

/// Draws a grey finger image with its minutiae so that a person can check an extractor by eye:
/// endings as circles, bifurcations as squares, each with a line along its ISO direction.
public struct MinutiaeRendering: Sendable {
    /// Colour of ridge endings.
    public var endingColor: RGBColor
    /// Colour of bifurcations.
    public var bifurcationColor: RGBColor
    /// Colour of minutiae of type "other".
    public var otherColor: RGBColor
    /// Half-width of the circle / square marking a minutia, pixels.
    public var markerRadius: Int
    /// Length of the direction line, pixels.
    public var directionLength: Double

    /// A rendering with red endings, blue bifurcations and yellow "other" minutiae.
    public init(
        endingColor: RGBColor = .red, bifurcationColor: RGBColor = .blue, otherColor: RGBColor = .yellow,
        markerRadius: Int = 4, directionLength: Double = 14
    ) {
        self.endingColor = endingColor
        self.bifurcationColor = bifurcationColor
        self.otherColor = otherColor
        self.markerRadius = markerRadius
        self.directionLength = directionLength
    }

    /// The image in grey with `minutiae` drawn over it; coordinates are scaled when the set was found in an
    /// image of another size.
    public func canvas(image: GrayImage, minutiae set: MinutiaeSet) throws(ImageFileError) -> RGBCanvas {
        var canvas = try RGBCanvas(image)
        let scaleX = set.width > 0 ? Double(image.width) / Double(set.width) : 1
        let scaleY = set.height > 0 ? Double(image.height) / Double(set.height) : 1
        for minutia in set.minutiae {
            let center = PixelPoint(
                x: Int((Double(minutia.x) * scaleX).rounded()),
                y: Int((Double(minutia.y) * scaleY).rounded()))
            draw(minutia, at: center, on: &canvas)
        }
        return canvas
    }

    /// `canvas(image:minutiae:)` as RGB PNG bytes.
    public func png(image: GrayImage, minutiae: MinutiaeSet) throws(ImageFileError) -> [UInt8] {
        try canvas(image: image, minutiae: minutiae).png()
    }

    /// Loads an image file, extracts its minutiae and returns the rendering as PNG bytes with the set drawn.
    public func png(
        imageAt path: String, extractor: MinutiaeExtractor = MinutiaeExtractor(),
        pixelsPerCentimetre: Int = MinutiaeSet.standardResolution
    )
        throws(FingerprintEvaluationError) -> (png: [UInt8], minutiae: MinutiaeSet)
    {
        let image: GrayImage
        do {
            image = try ImageFile.loadGray(path: path)
        } catch {
            throw .image(path: path, error)
        }
        let set: MinutiaeSet
        do {
            set = try extractor.extract(image, pixelsPerCentimetre: pixelsPerCentimetre)
        } catch {
            throw .extraction(path: path, error)
        }
        do {
            return (try png(image: image, minutiae: set), set)
        } catch {
            throw .image(path: path, error)
        }
    }

    /// The end of the direction line: the ISO angle is counter-clockwise as seen, and y grows downwards.
    func directionEnd(from center: PixelPoint, angle: Double) -> PixelPoint {
        PixelPoint(
            x: center.x + Int((cos(angle) * directionLength).rounded()),
            y: center.y - Int((sin(angle) * directionLength).rounded()))
    }

    private func draw(_ minutia: Minutia, at center: PixelPoint, on canvas: inout RGBCanvas) {
        let color: RGBColor
        switch minutia.kind {
        case .ending:
            color = endingColor
            canvas.drawCircle(center: center, radius: markerRadius, color: color)
        case .bifurcation:
            color = bifurcationColor
            canvas.drawRectangle(
                origin: PixelPoint(x: center.x - markerRadius, y: center.y - markerRadius),
                width: 2 * markerRadius + 1, height: 2 * markerRadius + 1, color: color)
        case .other:
            color = otherColor
            canvas.drawMarker(at: center, shape: .cross, size: markerRadius, color: color)
        }
        guard minutia.angle.isFinite else { return }
        canvas.drawLine(from: center, to: directionEnd(from: center, angle: minutia.angle), color: color)
    }
}
