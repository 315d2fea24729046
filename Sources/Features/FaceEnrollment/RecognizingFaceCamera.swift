import Biometrics
import FaceRecognition
import UVCCamera

/// The terminal's face camera for enrollment: each call looks at a short run of frames from the UVC
/// camera, runs the quality gates and the embedding on each (on the dlib queue), and returns the
/// protected template of the best accepted frame, or the hint of why none was good. Frames and raw
/// embeddings never leave it.
public struct RecognizingFaceCamera: FaceCamera {
    public let driver: UVCCameraDriver
    public let pipeline: FacePipeline
    /// Frames looked at per call at most (the enrollment calls again until its deadline).
    public let framesPerAttempt: Int
    /// A call ends early once this many frames passed the gates; the best of them is taken.
    public let acceptedFramesWanted: Int

    public init(
        driver: UVCCameraDriver, pipeline: FacePipeline, framesPerAttempt: Int = 8, acceptedFramesWanted: Int = 3
    ) {
        self.driver = driver
        self.pipeline = pipeline
        self.framesPerAttempt = max(1, framesPerAttempt)
        self.acceptedFramesWanted = max(1, min(acceptedFramesWanted, framesPerAttempt))
    }

    public var algorithm: AlgorithmID { pipeline.algorithm }

    public func captureFace() async throws(FaceCameraError) -> FaceCapture {
        var selector = BestFaceFrameSelector()
        var accepted = 0
        for _ in 0..<framesPerAttempt {
            let frame = try await driver.nextGrayFrame()
            let assessment: FaceAssessment
            do {
                assessment = try await pipeline.assess(.gray(frame))
            } catch {
                throw .deviceFault("face analysis: \(error)")
            }
            selector.offer(assessment)
            if assessment.verdict.isAccepted {
                accepted += 1
                if accepted >= acceptedFramesWanted { break }
            }
        }
        if let embedding = selector.bestEmbedding { return .template(pipeline.protector.template(for: embedding)) }
        return .retry(selector.failureHint ?? .noFace)
    }
}
