import Foundation
import Testing

@testable import FaceRecognition

struct ModelLocationTests {
    @Test("An explicit path wins over the environment, which wins over ./.models/face")
    func precedence() {
        let env = [FaceModelLocation.environmentVariable: "/srv/models"]
        #expect(
            FaceModelLocation.resolve(explicit: "/opt/m", environment: env, currentDirectory: "/w").directory.path
                == "/opt/m")
        #expect(FaceModelLocation.resolve(environment: env, currentDirectory: "/w").directory.path == "/srv/models")
        #expect(FaceModelLocation.resolve(environment: [:], currentDirectory: "/w").directory.path == "/w/.models/face")
    }

    @Test("A missing model names its path and the make target")
    func missingModel() {
        let location = FaceModelLocation(directory: URL(fileURLWithPath: "/nonexistent/face-models"))
        #expect(
            throws: FaceModelError.missing(
                path: "/nonexistent/face-models/shape_predictor_5_face_landmarks.dat", searched: "explicit path")
        ) {
            try FaceModels(location: location)
        }
        let message = FaceModelError.missing(path: "/x/y.dat", searched: "explicit path").description
        #expect(message.contains("/x/y.dat") && message.contains("make face-models"))
    }

    @Test("A corrupt model file is a load error naming the file, not a crash")
    func corruptModel() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "face-models-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in [FaceModelLocation.shapePredictorFileName, FaceModelLocation.recognitionModelFileName] {
            try Data("not a dlib model".utf8).write(to: directory.appendingPathComponent(name))
        }
        do {
            _ = try FaceModels(location: FaceModelLocation(directory: directory))
            Issue.record("corrupt models loaded")
        } catch {
            guard case .unreadable(let why) = error else {
                Issue.record("expected unreadable, got \(error)")
                return
            }
            #expect(why.contains(FaceModelLocation.shapePredictorFileName))
        }
    }
}
