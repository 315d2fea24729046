import FaceRecognition
import Foundation
import Testing

/// Paths, models and temporary folders for the FaceBenchmark tests.
enum BenchTestSupport {
    /// The project root (this file's real location, three levels up), even when reached through a symlink.
    static let projectRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` next to the project.
    static let sharedFolder = projectRoot.deletingLastPathComponent().appendingPathComponent("shared").path

    /// `../shared/data/faces/orl`.
    static let orlFolder = sharedFolder + "/data/faces/orl"

    /// The models, loaded once; nil when absent.
    static let models: FaceModels? = try? FaceModels(
        location: FaceModelLocation.resolve(currentDirectory: projectRoot.path))

    /// Models and the ORL images are both present.
    static var canRun: Bool { models != nil && FileManager.default.fileExists(atPath: orlFolder + "/s1/1.pgm") }

    /// Why model tests are skipped.
    static let skipMessage: Comment =
        "face models or ../shared/data/faces absent: run `make face-models` (scripts/fetch-face-models.sh) or set ATTENDANCE_FACE_MODELS"

    /// An analyzer over the shared models (call only when `canRun`).
    static func analyzer() throws -> FaceAnalyzer { FaceAnalyzer(models: try #require(models)) }

    /// A fresh empty temporary folder.
    static func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("facebench-test-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Copies `source` to `folder/subject/name`, creating the subject folder.
    static func copy(_ source: String, to folder: String, subject: String, name: String) throws {
        let directory = folder + "/" + subject
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: source, toPath: directory + "/" + name)
    }
}
