import Biometrics
import Enrollment
import Foundation

/// What the fake photo source does for one `media_id`.
enum ScriptedPhoto: Sendable {
    /// Serves these bytes.
    case bytes(Data)
    /// The download fails.
    case unservable
    /// The download never ends (until cancelled).
    case hangs
}

/// A `download_photo` fake: unknown media ids are unservable.
actor ScriptedPhotoSource: PhotoSource {
    struct Unservable: Error, CustomStringConvertible {
        let mediaID: String
        var description: String { "600404 no photo \(mediaID)" }
    }

    private let photos: [String: ScriptedPhoto]
    private(set) var fetched: [String] = []
    private(set) var cancelled = false

    init(_ photos: [String: ScriptedPhoto]) {
        self.photos = photos
    }

    func photo(mediaID: String) async throws -> Data {
        fetched.append(mediaID)
        switch photos[mediaID] ?? .unservable {
        case .bytes(let data): return data
        case .unservable: throw Unservable(mediaID: mediaID)
        case .hangs:
            do {
                // Until the runner stops the work; no test waits for this sleep to end.
                try await Task.sleep(for: .seconds(3600))
            } catch {
                cancelled = true
                throw error
            }
            return Data()
        }
    }
}

/// A face pipeline fake: the first byte of a photo says what it gives; an unknown first byte is an
/// undecodable photo (111).
actor ScriptedPhotoAnalyzer: PhotoAnalyzer {
    nonisolated let algorithm = AlgorithmID("test-fa")
    private let outcomes: [UInt8: Result<Template, PhotoRejection>]
    private(set) var analysed: [Data] = []

    init(_ outcomes: [UInt8: Result<Template, PhotoRejection>]) { self.outcomes = outcomes }

    func template(fromPhoto photo: Data) async -> Result<Template, PhotoRejection> {
        analysed.append(photo)
        return outcomes[photo.first ?? 0] ?? .failure(PhotoRejection(.invalidPhoto("not an image")))
    }
}

/// Photo bytes whose first byte selects the analyzer's outcome.
func photoBytes(_ kind: UInt8) -> Data { Data([kind, 0xFF, 0xD8]) }

/// Outcomes of the standard photo kinds: 1 and 2 are two different faces, 3 has no face, 4 is a
/// face too poor to use, 5 is a decode abandoned at its deadline (holds the decoder).
let standardPhotoOutcomes: [UInt8: Result<Template, PhotoRejection>] = [
    1: .success(template(.face, [1])),
    2: .success(template(.face, [2])),
    3: .failure(PhotoRejection(.nothingDetected(.face))),
    4: .failure(PhotoRejection(.poorQuality)),
    5: .failure(PhotoRejection(.invalidPhoto("PhotoDecoder: deadline of 5 s passed"), decoderHeld: true)),
]

/// Photo ports over the fakes.
func photoPorts(_ source: ScriptedPhotoSource) -> PhotoEnrollmentPorts {
    PhotoEnrollmentPorts(source: source, analyzer: ScriptedPhotoAnalyzer(standardPhotoOutcomes))
}

/// A `check_userid` fake answering `answer` for every userid.
struct ScriptedVerifier: MemberVerifier {
    let answer: @Sendable (UserID) -> MemberVerification
    func verifyUnknownMember(_ id: UserID) async -> MemberVerification { answer(id) }
}

func photoRequest(_ operID: String, _ name: String, _ photos: [(Int, String)]) throws
    -> EnrollmentRequest
{
    try EnrollmentRequest.photos(
        operID: operID, userid: user(name), userType: .employee,
        photos: photos.map { EnrollmentPhoto(slotIndex: $0.0, mediaID: $0.1) })
}

/// A photo request of alice's with `oper_id` op-p.
func photoRequest(_ photos: [(Int, String)]) throws -> EnrollmentRequest {
    try photoRequest("op-p", "alice", photos)
}
