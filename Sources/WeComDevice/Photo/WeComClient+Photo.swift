import Foundation
import JSONSupport

extension WeComClient {
    /// The wire `cmd` of the photo download.
    public static let downloadPhotoCmd = "download_photo"

    /// Downloads the photo of a `push_user_face` (`download_photo {media_id, format_version: 1}`), answered
    /// by a binary frame with this request's `req_id`. Throws `.cloudError` for an error response,
    /// `.invalidPhotoFrame` for a malformed frame naming this request, `.timeout`, `.notConnected`.
    public func downloadPhoto(mediaID: String) async throws -> Data {
        guard state == .loggedIn else { throw WeComError.notConnected }
        guard !mediaID.isEmpty else {
            throw WeComError.invalidRequest(cmd: Self.downloadPhotoCmd, reason: "media_id: expected a non-empty string")
        }
        let body: JSONObject = [
            "media_id": .string(mediaID), "format_version": .integer(Int64(PhotoFrame.formatVersion)),
        ]
        switch try await exchangeReply(cmd: Self.downloadPhotoCmd, body: body, expectsBinary: true) {
        case .binary(let photo):
            return photo
        case .response(let response):
            await restartIfRefused(response)
            throw WeComError.cloudError(cmd: Self.downloadPhotoCmd, errcode: response.errcode, errmsg: response.errmsg)
        }
    }
}
