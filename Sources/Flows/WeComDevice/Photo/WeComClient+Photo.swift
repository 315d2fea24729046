import Foundation

extension WeComClient {
    /// The wire `cmd` of the photo download.
    public static let downloadPhotoCmd = "download_photo"

    /// Downloads the photo of a `push_user_face` (`download_photo {media_id, format_version: 1}`), answered
    /// by a binary frame with this request's `req_id`. Throws `.cloudError` for an error response,
    /// `.invalidPhotoFrame` for a malformed frame naming this request, `.timeout`, `.notConnected`.
    public func downloadPhoto(mediaID: String) async throws -> Data {
        guard state == .loggedIn else { throw WeComError.notConnected }
        switch try await photos.download(mediaID: mediaID) {
        case .photo(let photo):
            return photo
        case .response(let response):
            await session.restartIfRefused(response)
            throw WeComError.cloudError(cmd: Self.downloadPhotoCmd, errcode: response.errcode, errmsg: response.errmsg)
        }
    }
}
