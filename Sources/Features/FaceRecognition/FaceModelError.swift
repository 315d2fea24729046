/// Loading the face models failed; names the file or folder and how to fix it.
public enum FaceModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A model file is not where it was looked for.
    case missing(path: String, searched: String)
    /// dlib refused a model file (corrupt, truncated or the wrong model).
    case unreadable(String)

    public var description: String {
        switch self {
        case .missing(let path, let searched):
            "face model missing: \(path) (\(searched)); run `make face-models` "
                + "(scripts/fetch-face-models.sh DIR) or set ATTENDANCE_FACE_MODELS"
        case .unreadable(let why):
            "face model unreadable: \(why)"
        }
    }
}

/// A dlib call failed; carries dlib's message (which names the stage and the field).
public struct FaceAnalysisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message from the C++ boundary.
    public let message: String

    /// Wraps `message`.
    public init(_ message: String) { self.message = message }

    public var description: String { "face analysis failed: \(message)" }
}
