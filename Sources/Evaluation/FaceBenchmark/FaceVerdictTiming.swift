import FaceRecognition
import Measuring

/// Time from one camera frame to a 1:N verdict: quality assessment with embedding (`FaceAnalyzer.assess`),
/// protection, and a best-score scan of a gallery of protected templates, on the calling thread.
public struct FaceVerdictTiming: Sendable {
    /// One frame's figures.
    public struct Frame: Sendable, Hashable, Codable {
        /// Whether the quality gates accepted the frame (only then are protection and scan run).
        public var accepted: Bool
        /// Thread CPU milliseconds, frame to verdict.
        public var cpuMs: Double
        /// Wall milliseconds, frame to verdict.
        public var wallMs: Double
        /// Of which the 1:N scan, wall milliseconds (0 when the frame was refused).
        public var scanWallMs: Double

        enum CodingKeys: String, CodingKey {
            case accepted
            case cpuMs = "cpu_ms"
            case wallMs = "wall_ms"
            case scanWallMs = "scan_wall_ms"
        }
    }

    /// The analyzer (models and gates).
    public var analyzer: FaceAnalyzer
    /// The key's protector.
    public var protector: FaceTemplateProtector
    /// Decision threshold of the scan.
    public var threshold: Int
    /// Wall clock.
    public var clock: any Clock<Duration>

    /// A timing at `threshold`.
    public init(
        analyzer: FaceAnalyzer, protector: FaceTemplateProtector,
        threshold: Int = ProtectedFaceMatcher.identificationThreshold, clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.analyzer = analyzer
        self.protector = protector
        self.threshold = threshold
        self.clock = clock
    }

    /// Times each frame once against `gallery` (after one untimed warm-up frame).
    public func time(_ frames: [FaceInput], gallery: [ProtectedFaceTemplate]) throws(FaceAnalysisError) -> [Frame] {
        if let first = frames.first { _ = try verdict(first, gallery: gallery) }
        var result: [Frame] = []
        for frame in frames {
            let cpuStart = ThreadCPUTime.now()
            var outcome: Result<(Bool, Duration), FaceAnalysisError> = .success((false, .zero))
            let wall = clock.measure {
                outcome = Result { () throws(FaceAnalysisError) in try verdict(frame, gallery: gallery) }
            }
            let (accepted, scan) = try outcome.get()
            result.append(
                Frame(
                    accepted: accepted, cpuMs: (ThreadCPUTime.now() - cpuStart).milliseconds, wallMs: wall.milliseconds,
                    scanWallMs: scan.milliseconds))
        }
        return result
    }

    /// Assess, protect, scan; whether the frame was accepted and how long the scan took.
    private func verdict(_ frame: FaceInput, gallery: [ProtectedFaceTemplate]) throws(FaceAnalysisError)
        -> (Bool, Duration)
    {
        guard let embedding = try analyzer.assess(frame).embedding else { return (false, .zero) }
        let probe = protector.protect(embedding)
        let scan = clock.measure { _ = Self.best(probe, in: gallery, threshold: threshold) }
        return (true, scan)
    }

    /// Index and score of the best entry reaching `threshold`; nil when none does.
    public static func best(_ probe: ProtectedFaceTemplate, in gallery: [ProtectedFaceTemplate], threshold: Int)
        -> (index: Int, score: Int)?
    {
        var best: (index: Int, score: Int)?
        for (index, entry) in gallery.enumerated() {
            let score = ProtectedFaceMatcher.score(distance: (try? probe.distance(to: entry)) ?? 2)
            if score >= threshold, score > (best?.score ?? Int.min) { best = (index, score) }
        }
        return best
    }
}
