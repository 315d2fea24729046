import Biometrics
import Foundation

/// What the operator CLI shows for `status`.
public struct StoreStatus: Hashable, Sendable {
    /// Members known to the terminal.
    public let members: Int
    /// Stored templates per modality.
    public let templates: [Modality: Int]
    /// Slot changes not yet acknowledged by the cloud, given up or not.
    public let outboxRows: Int
    /// Of those, rows the uploader gave up (the cloud refused them for a permanent reason).
    public let givenUpRows: Int
    /// Creation time of the oldest row still being sent (not given up).
    public let oldestPendingAt: Date?
    /// Last applied contact `perm_version`.
    public let permVersion: Int64?
    /// True once bound (a `secret` is stored).
    public let hasSecret: Bool
    /// True once registered (an `active_code` is stored).
    public let hasActiveCode: Bool
    /// Applied schema migrations, oldest first.
    public let schema: [String]
}
