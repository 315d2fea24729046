import WeComDevice

/// What the uploader needs from the cloud session; `WeComClient` in production, fakes in tests.
public protocol CloudUploading: Sendable {
    func uploadUserInfo(_ upload: UploadUserInfo) async throws -> UploadUserInfoResponse
}

extension WeComClient: CloudUploading {}
