import WeComDevice

/// What the passage uploader needs from the cloud session; `WeComClient` in production, fakes in tests.
public protocol CheckinSending: Sendable {
    func checkin(_ request: Checkin) async throws -> CheckinResponse
}

extension WeComClient: CheckinSending {
    public func checkin(_ request: Checkin) async throws -> CheckinResponse { try await send(request) }
}
