import WeComDevice

/// A `CredentialStore` in memory, for tests and simulators.
public actor InMemoryCredentialStore: CredentialStore {
    public private(set) var credentials: DeviceCredentials
    /// How often `wipeForUnbind` was called.
    public private(set) var wipeCount = 0

    public init(_ credentials: DeviceCredentials = DeviceCredentials()) {
        self.credentials = credentials
    }

    public func loadCredentials() -> DeviceCredentials { credentials }

    public func saveCredentials(_ credentials: DeviceCredentials) { self.credentials = credentials }

    public func wipeForUnbind() {
        credentials.secret = nil
        wipeCount += 1
    }
}
