import Foundation
import WeComDevice

/// The cloud's binary `download_photo` frame, under the client's default photo limit.
enum PhotoFrameFuzz {
    /// The limit a client configured with defaults applies (`WeComClientConfiguration.maxPhotoBytes`).
    static let maxPhotoBytes =
        (try? WeComClientConfiguration(sn: "T-0001", key: .secretNo("secret"), firmwareVersion: "1.0.0"))?
        .maxPhotoBytes ?? WeComClientConfiguration.photoLimitCeiling

    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        let frame = Data(bytes)
        _ = PhotoFrame.reqID(ofPossiblyMalformed: frame)
        do {
            let photo = try PhotoFrame.decode(frame, maxDataBytes: maxPhotoBytes)
            return .accepted("photo \(photo.data.count) bytes for \(photo.reqID.prefix(40))")
        } catch {
            return .rejected(error)
        }
    }
}
