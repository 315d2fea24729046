import Biometrics
import Foundation

/// Identity of an outbox row. Ids are never reused, so acknowledging one never touches a newer row.
public struct OutboxID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The row's SQLite id.
    public let rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public static func < (lhs: OutboxID, rhs: OutboxID) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { "#\(rawValue)" }
}

/// One slot change waiting for the cloud's `errcode` 0: a template to upload, or a deletion (`data: ""`).
public struct OutboxEntry: Hashable, Sendable {
    public let id: OutboxID
    public let userid: UserID
    public let userType: UserType
    public let slot: SlotID
    public let algorithm: AlgorithmID
    /// Template bytes; empty for a slot deletion.
    public let data: Data
    /// The cloud operation this result answers; nil for a local enrollment.
    public let operation: PushedOperation?
    /// Upload attempts that failed so far.
    public let attempts: Int
    /// The row is due for (re-)sending from this instant on.
    public let nextAttemptAt: Date
    /// When the slot change was committed.
    public let createdAt: Date
    /// The cloud's last refusal of this row, if any.
    public let lastRefusal: OutboxRefusal?
    /// Refusals for a permanent reason so far (the uploader gives up after a bounded number).
    public let permanentRefusals: Int
    /// Set once the uploader gave the row up; such a row is never due again.
    public let givenUp: OutboxGiveUp?

    public init(
        id: OutboxID, userid: UserID, userType: UserType, slot: SlotID, algorithm: AlgorithmID, data: Data,
        operation: PushedOperation?, attempts: Int, nextAttemptAt: Date, createdAt: Date,
        lastRefusal: OutboxRefusal? = nil, permanentRefusals: Int = 0, givenUp: OutboxGiveUp? = nil
    ) {
        self.id = id
        self.userid = userid
        self.userType = userType
        self.slot = slot
        self.algorithm = algorithm
        self.data = data
        self.operation = operation
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
        self.lastRefusal = lastRefusal
        self.permanentRefusals = permanentRefusals
        self.givenUp = givenUp
    }

    /// True when this row deletes the slot upstream (`data: ""`).
    public var isDeletion: Bool { data.isEmpty }

    /// The `oper_id` to send at `now`: set while the operation's result window (the enrollment
    /// machine's decision) is open, nil afterwards (re-pushes go without `oper_id`/`errcode`/`errmsg`).
    public func operIDIfWithin(now: Date) -> String? {
        guard let operation, operation.isOpen(at: now) else { return nil }
        return operation.operID
    }

    /// The template to upload, or nil for a deletion.
    public var template: Template? {
        isDeletion ? nil : Template(modality: slot.modality, algorithm: algorithm, data: data)
    }
}
