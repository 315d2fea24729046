import Biometrics
import Imaging

/// Turns one grey camera frame into a face template or a retry hint. Implementations must not keep the frame.
public protocol FaceFrameAnalyzer: Sendable {
    /// The template algorithm this analyzer produces.
    var algorithm: AlgorithmID { get }
    /// Assesses `frame`: `.template` when a usable face was found, otherwise `.retry` with the reason.
    func analyze(_ frame: GrayFrame) -> FaceCapture
}
