import DeviceSetup
import Foundation

/// The face side of the sync bench's daemon. The daemon declares a face algorithm only with a face
/// device, so with dlib's models present it gets one the way a terminal has it: the models, the tenant
/// key (made as `attendctl face key init` makes it) and a camera node that is absent, which the daemon
/// keeps (face pushes answer 110) while declaring the key's algorithm. Without the models no face
/// device is configured and the daemon pulls fingerprints only.
struct SyncFaceSetup {
    static let modelFiles = ["shape_predictor_5_face_landmarks.dat", "dlib_face_recognition_resnet_model_v1.dat"]
    let models: String

    var available: Bool {
        Self.modelFiles.allSatisfy { FileManager.default.fileExists(atPath: models + "/" + $0) }
    }

    /// What the bench gives the daemon, in words.
    var declaration: String {
        available
            ? "face device configured (models \(models), camera node absent), declares \(SyncDirectory.faceAlgorithm)"
            : "no face device (no dlib models in \(models)): the daemon declares no face algorithm"
    }

    /// The config sections, after creating the key in `work` when the models are there.
    func sections(work: String) throws -> [String: Any] {
        guard available else { return [:] }
        let key = work + "/face.key"
        try FaceKeySetup.initialize(at: key)
        return [
            "camera": ["device": work + "/video-absent"],
            "face": ["models": URL(fileURLWithPath: models).standardizedFileURL.path, "key": key],
        ]
    }
}
