import Biometrics
import Imaging

/// Rejects frames that are too dark, too bright or blurred before another analyzer sees them.
public struct FrameQualityGate: FaceFrameAnalyzer {
    /// The analyzer that runs on frames passing the gate.
    public let next: any FaceFrameAnalyzer
    /// Frames with a mean below this are `.tooDark`.
    public var minimumMean: Double
    /// Frames with a mean above this are `.tooBright`.
    public var maximumMean: Double
    /// Frames whose Laplacian variance is below this are `.blurred`.
    public var minimumSharpness: Double

    /// A gate in front of `next`; defaults suit 8-bit IR face frames.
    public init(
        next: any FaceFrameAnalyzer, minimumMean: Double = 40, maximumMean: Double = 215, minimumSharpness: Double = 20
    ) {
        self.next = next
        self.minimumMean = minimumMean
        self.maximumMean = maximumMean
        self.minimumSharpness = minimumSharpness
    }

    public var algorithm: AlgorithmID { next.algorithm }

    /// The hint for a frame that fails a gate, nil when it passes all of them.
    public func rejection(of frame: GrayFrame) -> FaceRetryHint? {
        let brightness = BrightnessStatistics(frame)
        if brightness.mean < minimumMean { return .tooDark }
        if brightness.mean > maximumMean { return .tooBright }
        if Sharpness.laplacianVariance(frame) < minimumSharpness { return .blurred }
        return nil
    }

    public func analyze(_ frame: GrayFrame) -> FaceCapture {
        if let hint = rejection(of: frame) { return .retry(hint) }
        return next.analyze(frame)
    }
}
