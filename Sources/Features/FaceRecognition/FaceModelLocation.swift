import Foundation

/// Where the two dlib model files live: an explicit folder, else `$ATTENDANCE_FACE_MODELS`, else
/// `./.models/face` relative to the current directory.
public struct FaceModelLocation: Sendable, Equatable {
    /// File name of dlib's 5-point shape predictor.
    public static let shapePredictorFileName = "shape_predictor_5_face_landmarks.dat"
    /// File name of dlib's 128-D face recognition ResNet.
    public static let recognitionModelFileName = "dlib_face_recognition_resnet_model_v1.dat"
    /// Environment variable naming the models folder.
    public static let environmentVariable = "ATTENDANCE_FACE_MODELS"
    /// Folder used when nothing else names one, relative to the current directory.
    public static let defaultRelativeDirectory = ".models/face"

    /// The folder holding both files.
    public let directory: URL
    /// How the folder was chosen, for error messages.
    public let source: String

    /// Uses `directory` as given.
    public init(directory: URL, source: String = "explicit path") {
        self.directory = directory
        self.source = source
    }

    /// Resolves the folder: `explicit` if given, else the environment variable, else the default folder.
    public static func resolve(
        explicit: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) -> FaceModelLocation {
        if let explicit, !explicit.isEmpty {
            return FaceModelLocation(directory: URL(fileURLWithPath: explicit), source: "explicit path")
        }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            return FaceModelLocation(
                directory: URL(fileURLWithPath: fromEnvironment), source: "from \(environmentVariable)")
        }
        let base = URL(fileURLWithPath: currentDirectory)
        return FaceModelLocation(
            directory: base.appendingPathComponent(defaultRelativeDirectory),
            source: "default folder relative to \(currentDirectory)")
    }

    /// Path of the shape predictor file.
    public var shapePredictor: URL { directory.appendingPathComponent(Self.shapePredictorFileName) }
    /// Path of the recognition model file.
    public var recognitionModel: URL { directory.appendingPathComponent(Self.recognitionModelFileName) }

    /// Throws `.missing` naming the first absent file.
    public func checkFilesExist() throws(FaceModelError) {
        for file in [shapePredictor, recognitionModel] where !FileManager.default.fileExists(atPath: file.path) {
            throw .missing(path: file.path, searched: source)
        }
    }
}
