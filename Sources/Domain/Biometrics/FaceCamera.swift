/// Why a camera frame was not good enough for a face template; shown to the person.
public enum FaceRetryHint: String, Sendable, Hashable, Codable {
    case noFace
    case multipleFaces
    case moveCloser
    case tooDark
    case tooBright
    case blurred
    case lookAtCamera
}

public enum FaceCameraError: Error, Sendable, Equatable, CustomStringConvertible {
    case deviceFault(String)

    public var description: String {
        switch self {
        case .deviceFault(let why): "camera fault: \(why)"
        }
    }
}

/// The outcome of assessing one frame: a template (the frame itself is already dropped) or a hint.
public enum FaceCapture: Sendable, Hashable {
    case template(Template)
    case retry(FaceRetryHint)
}

/// A face camera plus the extractor behind it, as the enrollment flow sees it: each call grabs one
/// frame, runs the quality gates and, when they pass, returns the template. Frames never leave it.
public protocol FaceCamera: Sendable {
    var algorithm: AlgorithmID { get }
    func captureFace() async throws(FaceCameraError) -> FaceCapture
}
