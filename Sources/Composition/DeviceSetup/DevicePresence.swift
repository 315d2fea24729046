import Foundation

/// Which of the terminal's devices a presence report is about.
public enum DeviceRole: String, Sendable, Hashable, Codable, CaseIterable {
    case fingerprint
    case camera
}

/// Whether a device is usable now, since when, and the last thing that went wrong with it: what the
/// status file and `attendctl status` show for each device.
public struct DevicePresence: Codable, Sendable, Equatable {
    /// The device answered its last open or operation.
    public var present: Bool
    /// When `present` last changed (or the daemon started).
    public var since: Date
    /// What is attached now, e.g. "native ZFM module at bus 1 address 4"; nil while absent.
    public var detail: String?
    /// The last open, link or operation failure, kept after the device comes back.
    public var lastError: String?
    /// When `lastError` was first seen.
    public var lastErrorAt: Date?

    public init(present: Bool, since: Date, detail: String? = nil, lastError: String? = nil, lastErrorAt: Date? = nil) {
        self.present = present
        self.since = since
        self.detail = detail
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
    }

    enum CodingKeys: String, CodingKey {
        case present, since, detail
        case lastError = "last_error"
        case lastErrorAt = "last_error_at"
    }
}
