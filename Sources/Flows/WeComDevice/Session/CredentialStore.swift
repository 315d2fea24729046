/// The credentials the cloud hands out, persisted across restarts.
public struct DeviceCredentials: Sendable, Hashable {
    /// From `register`; long-lived.
    public var activeCode: String?
    /// From `active`, once an enterprise bound the device; used by `subscribe_corp`.
    public var secret: String?
    /// From `get_secret_no` when the device only has the model's seed key.
    public var secretNo: String?

    public init(activeCode: String? = nil, secret: String? = nil, secretNo: String? = nil) {
        self.activeCode = activeCode
        self.secret = secret
        self.secretNo = secretNo
    }
}

/// Persistence of the device's credentials (the daemon backs it with its database).
public protocol CredentialStore: Sendable {
    /// What was saved last (all nil on a fresh device).
    func loadCredentials() async throws -> DeviceCredentials
    /// Persists all three fields; nil fields are deleted.
    func saveCredentials(_ credentials: DeviceCredentials) async throws
    /// The enterprise unbound the device (or is not authorised): delete the `secret` and every member and
    /// template; keep `active_code` and `secret_no`.
    func wipeForUnbind() async throws
}
