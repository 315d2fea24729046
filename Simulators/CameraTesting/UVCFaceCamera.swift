import Biometrics
import Imaging
import UVCCamera

/// A `FaceCamera` over a `UVCCameraDriver`: grabs one frame per call and lets `analyzer` turn it into a
/// template or a retry hint. The frame stays inside; only the analyzer's result comes out.
public struct UVCFaceCamera: FaceCamera {
    /// The camera driver frames come from.
    public let driver: UVCCameraDriver
    /// Turns frames into templates or retry hints.
    public let analyzer: any FaceFrameAnalyzer

    /// A face camera reading `driver` and assessing frames with `analyzer`.
    public init(driver: UVCCameraDriver, analyzer: any FaceFrameAnalyzer) {
        self.driver = driver
        self.analyzer = analyzer
    }

    public var algorithm: AlgorithmID { analyzer.algorithm }

    public func captureFace() async throws(FaceCameraError) -> FaceCapture {
        let frame = try await driver.nextGrayFrame()
        return analyzer.analyze(frame)
    }
}
