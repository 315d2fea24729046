import JSONSupport

/// A typed device → cloud request: its `cmd`, its body, and how to read the response.
public protocol DeviceRequest: Sendable {
    associatedtype Response: Sendable
    /// The wire `cmd`.
    static var cmd: String { get }
    /// The `body` object, or nil for commands without parameters.
    func body() throws(WeComError) -> JSONObject?
    /// Interprets the response; most requests throw `.cloudError` for a non-zero `errcode`.
    func decodeResponse(_ response: ResponseEnvelope) throws(WeComError) -> Response
}

extension DeviceRequest {
    /// Throws `.cloudError` unless `errcode` is 0; returns a reader over `body` (empty when absent).
    func successBody(_ response: ResponseEnvelope) throws(WeComError) -> FieldReader {
        guard response.isSuccess else {
            throw .cloudError(cmd: Self.cmd, errcode: response.errcode, errmsg: response.errmsg)
        }
        return FieldReader(response.body ?? [:], path: "body")
    }

    /// Runs a body decoding step, mapping a `FrameError` to `.invalidResponse` for this command.
    func decoding<T>(_ step: () throws(FrameError) -> T) throws(WeComError) -> T {
        do {
            return try step()
        } catch {
            throw .invalidResponse(cmd: Self.cmd, error)
        }
    }
}
