import Imaging

/// Detection, landmarks, quality gates and embedding over shared `FaceModels`.
///
/// All methods are synchronous and CPU-bound (a VGA frame takes tens of milliseconds). Run them on a
/// dedicated thread or `DispatchQueue` and hand results back to async code; never call them from a
/// task on the cooperative pool.
public struct FaceAnalyzer: Sendable {
    /// The loaded models.
    public let models: FaceModels
    /// Gate limits used by `assess`.
    public var thresholds: FaceQualityThresholds
    /// Pyramid-up steps before detection: 0 on VGA frames (faces from ~80 px), 1 finds ~40 px faces at 4× cost.
    public var upsample: Int

    /// Scan colour frames as grey: slightly faster (about 5 % of detection); boxes may then differ by a few
    /// pixels from face_recognition's, which scans colour. Grey frames are unaffected.
    public var detectColourAsGrey: Bool

    /// Creates an analyzer.
    public init(
        models: FaceModels, thresholds: FaceQualityThresholds = FaceQualityThresholds(), upsample: Int = 0,
        detectColourAsGrey: Bool = false
    ) {
        self.models = models
        self.thresholds = thresholds
        self.upsample = upsample
        self.detectColourAsGrey = detectColourAsGrey
    }

    /// Every face the HOG detector finds, best score first.
    public func detectFaces(in input: FaceInput) throws(FaceAnalysisError) -> [FaceDetection] {
        try models.detect(input, upsample: upsample, colourAsGrey: detectColourAsGrey)
    }

    /// The five landmarks of the face in `box`.
    public func landmarks(in input: FaceInput, box: FaceBox) throws(FaceAnalysisError) -> FaceLandmarks {
        try models.landmarks(input, box: box)
    }

    /// The 150×150 aligned chip (padding 0.25) the embedding is computed on.
    public func alignedChip(
        in input: FaceInput, box: FaceBox, landmarks: FaceLandmarks
    ) throws(FaceAnalysisError) -> RGBFrame {
        try FaceModels.alignedChip(input, box: box, landmarks: landmarks)
    }

    /// The 128-D embedding of the face aligned by `landmarks`.
    public func embedding(
        in input: FaceInput, box: FaceBox, landmarks: FaceLandmarks
    ) throws(FaceAnalysisError) -> FaceEmbedding {
        try models.descriptor(input, box: box, landmarks: landmarks)
    }

    /// Landmarks then embedding for the face in `box` (what face_recognition does for a known location).
    public func embedding(in input: FaceInput, box: FaceBox) throws(FaceAnalysisError) -> FaceEmbedding {
        try embedding(in: input, box: box, landmarks: landmarks(in: input, box: box))
    }

    /// Runs the quality gates on one frame and, only when they pass, computes the embedding.
    public func assess(_ input: FaceInput) throws(FaceAnalysisError) -> FaceAssessment {
        let detections = try detectFaces(in: input)
        guard detections.count == 1 else {
            let verdict = FaceQualityVerdict.judge(
                faceCount: detections.count, measurements: nil, thresholds: thresholds)
            return FaceAssessment(detections: detections, verdict: verdict, embedding: nil)
        }
        let detection = detections[0]
        let landmarks = try landmarks(in: input, box: detection.box)
        let chip = GrayChip(try alignedChip(in: input, box: detection.box, landmarks: landmarks))
        let brightness = BrightnessStatistics(chip.frame).mean
        let measurements = FaceQualityMeasurements(
            detection: detection, landmarks: landmarks, pose: FacePose(landmarks),
            sharpness: FaceQualityMeasurements.normalisedSharpness(
                laplacianVariance: Sharpness.laplacianVariance(chip.frame, step: 1), brightness: brightness),
            brightness: brightness)
        let verdict = FaceQualityVerdict.judge(faceCount: 1, measurements: measurements, thresholds: thresholds)
        let embedding =
            verdict.isAccepted
            ? try self.embedding(in: input, box: detection.box, landmarks: landmarks) : nil
        return FaceAssessment(detections: detections, verdict: verdict, embedding: embedding)
    }
}

/// One frame's outcome: what was detected, the gates' verdict and, when accepted, the embedding.
public struct FaceAssessment: Sendable, Hashable {
    /// Every detection, best first.
    public let detections: [FaceDetection]
    /// The gates' verdict.
    public let verdict: FaceQualityVerdict
    /// The embedding; present exactly when the verdict accepts the frame.
    public let embedding: FaceEmbedding?
}

/// BT.601 luma of an RGB chip.
private struct GrayChip {
    let frame: GrayFrame

    init(_ chip: RGBFrame) {
        var luma = [UInt8](repeating: 0, count: chip.width * chip.height)
        chip.pixels.withUnsafeBufferPointer { rgb in
            for y in 0..<chip.height {
                for x in 0..<chip.width {
                    let i = y * chip.stride + 3 * x
                    let value = 77 * Int(rgb[i]) + 150 * Int(rgb[i + 1]) + 29 * Int(rgb[i + 2])
                    luma[y * chip.width + x] = UInt8((value + 128) >> 8)
                }
            }
        }
        // The chip is always 150×150 and packed, so this cannot fail.
        frame = (try? GrayFrame(width: chip.width, height: chip.height, pixels: luma)) ?? GrayFrame()
    }
}
