/// Errors thrown by `WeComClient` requests.
public enum WeComError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The session is not logged in; queue the request (outbox) and retry after login.
    case notConnected
    /// No response with the request's `req_id` arrived within the request timeout.
    case timeout(cmd: String, reqID: String)
    /// The socket closed (or the session restarted) while the request was waiting.
    case connectionLost(cmd: String)
    /// The cloud answered with a non-zero `errcode`.
    case cloudError(cmd: String, errcode: Int, errmsg: String)
    /// The response could not be decoded.
    case invalidResponse(cmd: String, FrameError)
    /// The request was rejected before sending (e.g. an invalid `upload_userinfo`).
    case invalidRequest(cmd: String, reason: String)
    /// The binary `download_photo` answer for `reqID` is malformed.
    case invalidPhotoFrame(reqID: String, PhotoFrameError)

    public var description: String {
        switch self {
        case .notConnected: "not logged in to the WeCom cloud"
        case .timeout(let cmd, let reqID): "\(cmd) (req_id \(reqID)): no response before the timeout"
        case .connectionLost(let cmd): "\(cmd): connection lost before the response"
        case .cloudError(let cmd, let errcode, let errmsg): "\(cmd): cloud errcode \(errcode) \(errmsg)"
        case .invalidResponse(let cmd, let error): "\(cmd): invalid response: \(error)"
        case .invalidRequest(let cmd, let reason): "\(cmd): invalid request: \(reason)"
        case .invalidPhotoFrame(let reqID, let error): "download_photo (req_id \(reqID)): invalid photo frame: \(error)"
        }
    }
}
