import Biometrics
import FaceRecognition
import Foundation
import Imaging
import SystemSupport

/// Everything that turns face images into protected templates on this terminal: dlib's detector,
/// landmarks and embedding with the quality gates, the tenant's keyed protection, and the matcher for
/// protected templates (the duplicate check). Raw embeddings never leave it.
public struct FacePipeline: Sendable {
    public let analyzer: FaceAnalyzer
    public let protector: FaceTemplateProtector
    public let matcher: ProtectedFaceMatcher
    /// Decodes pushed photos on a worker of its own, with the photo limits and a deadline.
    public let photoDecoder: PhotoDecoder
    private let worker = OffPoolWorker(label: "FacePipeline.dlib")

    public init(
        analyzer: FaceAnalyzer, protector: FaceTemplateProtector, matcher: ProtectedFaceMatcher? = nil,
        photoDecoder: PhotoDecoder = PhotoDecoder()
    ) {
        self.analyzer = analyzer
        self.protector = protector
        self.matcher = matcher ?? ProtectedFaceMatcher(protector: protector)
        self.photoDecoder = photoDecoder
    }

    /// Loads the models (explicit folder, else $ATTENDANCE_FACE_MODELS, else ./.models/face) and the
    /// tenant key at `keyPath` (never created here: `attendctl face key init` does that, once per enterprise).
    public static func load(modelsDirectory: String?, keyPath: String) throws -> FacePipeline {
        // One face at a time on a 2-core terminal: OpenBLAS's extra workers would only spin.
        BLASThreads.set(1)
        let models = try FaceModels(directory: modelsDirectory)
        let key = try FaceProtectionKeyFile(path: keyPath).load()
        return FacePipeline(analyzer: FaceAnalyzer(models: models), protector: FaceTemplateProtector(key: key))
    }

    public var algorithm: AlgorithmID { protector.algorithm }

    /// Assesses one frame on the dlib queue.
    public func assess(_ input: FaceInput) async throws(FaceAnalysisError) -> FaceAssessment {
        try await worker.run { [analyzer] () throws(FaceAnalysisError) -> FaceAssessment in try analyzer.assess(input) }
    }

    /// The protected template of the one good face in a photo (legacy `push_user_face`), or why not.
    /// The decoded image is dropped before this returns; the caller drops the photo bytes.
    public func template(fromPhoto photo: Data) async -> Result<Template, FacePhotoRejection> {
        let image: RGBFrame
        do {
            image = try await photoDecoder.decodeRGB(photo)
        } catch {
            return .failure(.undecodable(error))
        }
        let assessment: FaceAssessment
        do {
            assessment = try await assess(.rgb(image))
        } catch {
            return .failure(.analysisFailed(error.description))
        }
        guard assessment.verdict.isAccepted, let embedding = assessment.embedding else {
            return .failure(assessment.detections.isEmpty ? .noFace : .poorQuality(assessment.verdict.description))
        }
        return .success(protector.template(for: embedding))
    }
}

/// Why a photo gave no template.
public enum FacePhotoRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not an image this terminal can decode within the photo limits and deadline.
    case undecodable(PhotoDecodingError)
    /// No face in it.
    case noFace
    /// A face, but the quality gates refused it (several faces, too small, dark, blurred, turned away).
    case poorQuality(String)
    /// dlib failed on it.
    case analysisFailed(String)

    public var description: String {
        switch self {
        case .undecodable(let why): "photo cannot be decoded: \(why)"
        case .noFace: "no face in the photo"
        case .poorQuality(let why): "face not usable: \(why)"
        case .analysisFailed(let why): "face analysis failed: \(why)"
        }
    }
}
