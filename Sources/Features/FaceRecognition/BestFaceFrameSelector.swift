import Biometrics

/// Keeps the best accepted frame seen during a capture window, and remembers whether any face was ever
/// seen (no face ever → failure 103; faces but never good enough → 104).
public struct BestFaceFrameSelector: Sendable {
    /// The best accepted frame so far (highest `FaceQualityMeasurements.rank`).
    public private(set) var best: FaceAssessment?
    /// Frames offered so far.
    public private(set) var framesSeen = 0
    /// Frames in which at least one face was detected.
    public private(set) var framesWithFaces = 0
    /// The most recent rejection hint, for the person's prompt.
    public private(set) var lastHint: FaceRetryHint?

    /// Creates an empty selector.
    public init() {}

    /// Records one assessed frame; returns true when it became the best so far.
    @discardableResult
    public mutating func offer(_ assessment: FaceAssessment) -> Bool {
        framesSeen += 1
        if !assessment.detections.isEmpty { framesWithFaces += 1 }
        guard assessment.verdict.isAccepted, assessment.embedding != nil,
            let rank = assessment.verdict.measurements?.rank
        else {
            lastHint = assessment.verdict.retryHint
            return false
        }
        if let current = best?.verdict.measurements?.rank, current >= rank { return false }
        best = assessment
        return true
    }

    /// The embedding of the best accepted frame.
    public var bestEmbedding: FaceEmbedding? { best?.embedding }

    /// Why nothing was accepted: `.noFace` when no frame held a face, else the latest hint.
    public var failureHint: FaceRetryHint? {
        guard best == nil, framesSeen > 0 else { return nil }
        return framesWithFaces == 0 ? .noFace : lastHint
    }
}
