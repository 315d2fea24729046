import Biometrics
import Enrollment
import FaceEnrollment
import Foundation
import WeComDevice

/// The ports of photo enrollment (`push_user_face`), which runs in the enrollment runner like any other
/// enrollment (see `EnrollmentMachine`'s photo stages): photos come from the cloud's `download_photo`
/// and become protected templates in the face pipeline.
enum PhotoEnrollment {
    /// The runner's photo ports for `face`'s pipeline; nil without one (photo pushes then answer 110).
    static func ports(client: WeComClient, pipeline: FacePipeline?) -> PhotoEnrollmentPorts? {
        guard let pipeline else { return nil }
        return PhotoEnrollmentPorts(
            source: CloudPhotoSource(client: client), analyzer: FacePhotoAnalyzer(pipeline: pipeline))
    }

    /// The push's photos as a runner request; throws only for an empty `oper_id` (nothing to answer).
    static func request(_ command: UserFaceCommand) throws(EnrollmentRequestError) -> EnrollmentRequest {
        try .photos(
            operID: command.operID, userid: command.userid, userType: command.userType,
            photos: command.photos.map { EnrollmentPhoto(slotIndex: $0.id, mediaID: $0.mediaID) })
    }
}

/// Photos fetched with `download_photo` (bounded by the client's own request timeout and the photo limits).
struct CloudPhotoSource: PhotoSource {
    let client: WeComClient

    func photo(mediaID: String) async throws -> Data {
        try await client.downloadPhoto(mediaID: mediaID)
    }
}

/// A photo through the face pipeline, its rejections mapped to the protocol's codes: 111 a photo that
/// cannot be decoded within the photo limits and deadline (a decode stuck past its deadline holds the
/// decoder), 101 a decode still waiting behind such a one, 103 no face, 104 not usable, 110 dlib failed.
struct FacePhotoAnalyzer: PhotoAnalyzer {
    let pipeline: FacePipeline

    var algorithm: AlgorithmID { pipeline.algorithm }

    func template(fromPhoto photo: Data) async -> Result<Template, PhotoRejection> {
        switch await pipeline.template(fromPhoto: photo) {
        case .success(let template): .success(template)
        case .failure(let rejection): .failure(Self.rejection(rejection))
        }
    }

    static func rejection(_ rejection: FacePhotoRejection) -> PhotoRejection {
        switch rejection {
        case .noFace: PhotoRejection(.nothingDetected(.face))
        case .poorQuality: PhotoRejection(.poorQuality)
        case .analysisFailed(let why): PhotoRejection(.deviceFault(why))
        case .undecodable(.worker(.stillBehindEarlierJob)):
            // An earlier photo's decode, abandoned at its deadline, still holds the decoder.
            PhotoRejection(.busy, decoderHeld: true)
        case .undecodable(.worker(.cancelled(let worker))): PhotoRejection(.deviceFault("\(worker): cancelled"))
        case .undecodable(.worker(.deadlinePassed)):
            PhotoRejection(.invalidPhoto("\(rejection)"), decoderHeld: true)
        case .undecodable(.invalid): PhotoRejection(.invalidPhoto("\(rejection)"))
        }
    }
}
