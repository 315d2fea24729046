import Biometrics
import Foundation
import Imaging

/// Finds the ridge endings and bifurcations of a grey finger image.
///
/// Pipeline (at 500 dpi): segmentation of the print → orientation field and ridge period → oriented
/// Gabor enhancement and binarisation → thinning → endings and bifurcations on the skeleton →
/// removal of false minutiae. Deterministic; a value can be shared between tasks.
public struct MinutiaeExtractor: Sendable {
    /// Shortest side (pixels at 500 dpi) of an image the extractor accepts: about 3 mm.
    public static let minimumSide = 64
    /// Longest side (pixels at 500 dpi) of an image the extractor accepts: about 10 cm.
    public static let maximumSide = 2048
    /// Resolutions (pixels per centimetre) the extractor scales from: 125-2000 dpi.
    public static let supportedResolutions = 49...788

    /// Which grey level the ridges have.
    public var polarity: RidgePolarity
    /// An ending is dropped when its ridge would leave the print area within this distance plus one
    /// ridge period beyond the end (pixels at 500 dpi): the print ends there, not the ridge.
    public var borderMargin: Int
    /// Two minutiae joined by less skeleton than this many ridge periods are both dropped (spur, short
    /// ridge, bridge or hole). Chosen on FVC2002 DB1_B by all-pairs EER and FMR1000, confirmed on the
    /// FVC2004 subset and at 1:N over 10,000 (docs/fingerprint-accuracy.md): 1.1 dropped true minutiae
    /// of short ridges, which cost more than the spurs it caught; below 0.7 the spurs kept cost 1:N FNIR.
    static let falseLinkPeriods = 0.7
    /// A minutia's quality is full from this many cells (4 px each: about two ridge periods) inside the
    /// print's border and falls linearly to the border, where the ridges are cut by the mask.
    static let fullQualityBorderCells = 4
    /// Minutiae in the outermost cells of the print area are always dropped.
    static let innerMarginCells = 1

    /// An extractor; `polarity` defaults to deciding from each image.
    public init(polarity: RidgePolarity = .automatic, borderMargin: Int = 8) {
        self.polarity = polarity
        self.borderMargin = borderMargin
    }

    /// The minutiae of `image`, in its own pixel coordinates; an image without a usable print gives
    /// an empty set of quality 0.
    public func extract(_ image: GrayImage, pixelsPerCentimetre: Int = MinutiaeSet.standardResolution)
        throws(MinutiaeExtractionError) -> MinutiaeSet
    {
        guard Self.supportedResolutions.contains(pixelsPerCentimetre) else {
            throw .unsupportedResolution(pixelsPerCentimetre: pixelsPerCentimetre, supported: Self.supportedResolutions)
        }
        let size = ResolutionScaler.workingSize(of: image, pixelsPerCentimetre: pixelsPerCentimetre)
        guard size.width >= Self.minimumSide, size.height >= Self.minimumSide else {
            throw .imageTooSmall(width: size.width, height: size.height, minimumSide: Self.minimumSide)
        }
        guard size.width <= Self.maximumSide, size.height <= Self.maximumSide else {
            throw .imageTooLarge(width: size.width, height: size.height, maximumSide: Self.maximumSide)
        }
        let working = ResolutionScaler.workingPlane(of: image, pixelsPerCentimetre: pixelsPerCentimetre)
        var plane = working.plane
        let scale = working.scale
        let empty = MinutiaeSet(
            width: image.width, height: image.height, pixelsPerCentimetre: pixelsPerCentimetre,
            quality: 0, minutiae: [])
        let grid = CellGrid(width: plane.width, height: plane.height)
        let tensor = GradientTensor(plane: plane, grid: grid, blurred: true)
        let segmentation = PrintSegmentation(tensor: tensor, grid: grid)
        guard segmentation.foregroundCount > 0 else { return empty }
        if Self.ridgesAreLight(polarity: polarity, tensor: tensor, segmentation: segmentation, grid: grid) {
            plane.values.withUnsafeMutableBufferPointer { v in
                for i in v.indices { v[i] = 255 - v[i] }
            }
        }
        let orientation = OrientationField(tensor: GradientTensor(plane: plane, grid: grid, blurred: false), grid: grid)
        var enhancement = RidgeEnhancement(
            image: plane, grid: grid, segmentation: segmentation, orientation: orientation)
        Thinning.thin(&enhancement.ridges)
        let tracer = SkeletonTracer(skeleton: enhancement.ridges)
        let period = Double(enhancement.medianPeriod)
        let linkLength = Int((Self.falseLinkPeriods * period).rounded())
        let traceLength = max(MinutiaDetection.directionSteps, linkLength)
        let candidates = MinutiaDetection.candidates(
            tracer: tracer, grid: grid, segmentation: segmentation, orientation: orientation,
            traceLength: traceLength)
        let inside = FalseMinutiaeFilter.filter(
            FalseMinutiaeFilter.dropBorderArtefacts(
                candidates, grid: grid, segmentation: segmentation,
                width: plane.width, height: plane.height, reach: Double(borderMargin) + period,
                margin: Self.innerMarginCells), period: period, linkLength: linkLength)

        let minutiae = inside.map { c -> Minutia in
            let cell = grid.cell(x: c.x, y: c.y)
            var angle = (-c.direction).truncatingRemainder(dividingBy: 2 * .pi)
            if angle < 0 { angle += 2 * .pi }
            return Minutia(
                kind: c.kind,
                x: min(image.width - 1, max(0, Int(((Double(c.x) + 0.5) / scale - 0.5).rounded()))),
                y: min(image.height - 1, max(0, Int(((Double(c.y) + 0.5) / scale - 0.5).rounded()))),
                angle: angle,
                quality: Self.quality(
                    coherence: segmentation.coherence[cell], contrast: segmentation.contrast[cell],
                    borderCells: segmentation.borderDistance[cell]))
        }
        return MinutiaeSet(
            width: image.width, height: image.height, pixelsPerCentimetre: pixelsPerCentimetre,
            quality: Self.overallQuality(segmentation), minutiae: minutiae)
    }

    /// True when the image must be inverted so that ridges are dark: the background (cells well away
    /// from the print) is normally valley-coloured, so a background darker than the print means light ridges.
    static func ridgesAreLight(
        polarity: RidgePolarity, tensor: GradientTensor, segmentation: PrintSegmentation,
        grid: CellGrid
    ) -> Bool {
        switch polarity {
        case .darkRidges: return false
        case .lightRidges: return true
        case .automatic: break
        }
        let near = PrintSegmentation.dilate(segmentation.foreground, grid: grid, radius: 2)
        var printSum: Float = 0
        var printCount: Float = 0
        var backgroundSum: Float = 0
        var backgroundCount: Float = 0
        for c in 0..<grid.count {
            if segmentation.foreground[c] {
                printSum += tensor.mean[c]
                printCount += 1
            } else if !near[c] {
                backgroundSum += tensor.mean[c]
                backgroundCount += 1
            }
        }
        guard backgroundCount >= 0.03 * Float(grid.count), printCount > 0 else { return false }
        return backgroundSum / backgroundCount < printSum / printCount
    }

    /// 1-100 from the local orientation coherence and contrast, and the distance (cells) to the print's
    /// border (`fullQualityBorderCells`); the ISO record's minutia quality.
    static func quality(coherence: Float, contrast: Float, borderCells: Int = .max) -> Int {
        let contrastFactor = min(1, contrast / (5 * PrintSegmentation.minimumContrast))
        let borderFactor = min(1, Float(borderCells) / Float(fullQualityBorderCells))
        return max(1, min(100, Int((100 * coherence * contrastFactor * borderFactor).rounded())))
    }

    /// 0-100 from the mean coherence over the print and its area (full marks from about 1 cm²).
    static func overallQuality(_ segmentation: PrintSegmentation) -> Int {
        var sum: Float = 0
        for c in segmentation.coherence.indices where segmentation.foreground[c] {
            sum += segmentation.quality(ofCell: c)
        }
        let mean = sum / Float(max(1, segmentation.foregroundCount))
        let area = Float(segmentation.foregroundCount * CellGrid.cellSize * CellGrid.cellSize)
        return min(100, Int((mean * min(1, area / 38_809)).rounded()))
    }
}

extension PrintSegmentation {
    /// The minutia quality a cell would give (1-100).
    func quality(ofCell c: Int) -> Float {
        Float(MinutiaeExtractor.quality(coherence: coherence[c], contrast: contrast[c]))
    }
}
