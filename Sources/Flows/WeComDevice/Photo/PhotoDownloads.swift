import Foundation
import JSONSupport
import Logging

/// Photo downloads: sends `download_photo` and settles it with the binary frame that names its `req_id`.
struct PhotoDownloads: Sendable {
    /// How a download was answered.
    enum Answer: Sendable {
        /// The photo's bytes, from the binary frame.
        case photo(Data)
        /// A text response instead of the photo (an error response).
        case response(ResponseEnvelope)
    }

    let exchange: RequestExchange
    let maxPhotoBytes: Int
    let logger: Logger

    /// Sends `download_photo {media_id, format_version: 1}` and waits for its answer.
    nonisolated(nonsending) func download(mediaID: String) async throws -> Answer {
        guard !mediaID.isEmpty else {
            throw WeComError.invalidRequest(
                cmd: WeComClient.downloadPhotoCmd, reason: "media_id: expected a non-empty string")
        }
        let body: JSONObject = [
            "media_id": .string(mediaID), "format_version": .integer(Int64(PhotoFrame.formatVersion)),
        ]
        switch try await exchange.exchangeReply(cmd: WeComClient.downloadPhotoCmd, body: body, expectsBinary: true) {
        case .binary(let photo): return .photo(photo)
        case .response(let response): return .response(response)
        }
    }

    /// Settles the `download_photo` request the frame answers; a malformed or unmatched frame is logged
    /// and dropped (a malformed one whose header names a waiting download fails that download).
    nonisolated(nonsending) func receive(_ bytes: Data) async {
        let frame: PhotoFrame
        do {
            frame = try PhotoFrame.decode(bytes, maxDataBytes: maxPhotoBytes)
        } catch {
            if let reqID = PhotoFrame.reqID(ofPossiblyMalformed: bytes),
                await exchange.deliverBinary(.failure(WeComError.invalidPhotoFrame(reqID: reqID, error)), to: reqID)
            {
                logger.warning("malformed photo frame for req_id \(reqID): \(error)")
            } else {
                logger.warning("dropping malformed binary frame of \(bytes.count) bytes: \(error)")
            }
            return
        }
        guard await exchange.deliverBinary(.success(frame.data), to: frame.reqID) else {
            logger.warning("binary frame for unknown req_id \(frame.reqID) (\(frame.data.count) bytes) dropped")
            return
        }
    }
}
