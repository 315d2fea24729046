import Biometrics
import Foundation
import GRDB

/// A cloud operation (`push_enter_page` / `push_user_face`) the terminal accepted and has not finished.
/// It is written when the enrollment starts and removed when it ends, so that a daemon killed in between
/// answers it after its restart (while its result window is open) instead of leaving the cloud waiting.
public struct OperationInProgress: Hashable, Sendable, Codable {
    public let operID: String
    public let userid: UserID
    public let userType: UserType
    public let modality: Modality
    /// The wall-clock instant the result window closes (the machine's `ResultDeadline.at`).
    public let deadline: Date
    /// What was left of the window when the operation was accepted, in seconds (bounds a read-back).
    public let window: TimeInterval

    public init(
        operID: String, userid: UserID, userType: UserType, modality: Modality, deadline: Date, window: TimeInterval
    ) {
        self.operID = operID
        self.userid = userid
        self.userType = userType
        self.modality = modality
        self.deadline = deadline
        self.window = window
    }
}

extension TerminalStore {
    private static let operationInProgressKey = "operation_in_progress"

    /// Remembers `operation` as the one in progress (one enrollment runs at a time; a newer one replaces it).
    public func recordOperationInProgress(_ operation: OperationInProgress) throws {
        let text = String(decoding: try JSONEncoder().encode(operation), as: UTF8.self)
        try saveSetting(Self.operationInProgressKey, text)
    }

    /// The operation a previous run left in progress; nil when none (or the record cannot be read).
    public func operationInProgress() throws -> OperationInProgress? {
        guard let text = try setting(Self.operationInProgressKey) else { return nil }
        return try? JSONDecoder().decode(OperationInProgress.self, from: Data(text.utf8))
    }

    /// Forgets the operation in progress when it is `operID`'s (an older operation ending never
    /// removes a newer one's record); nil forgets whatever is recorded.
    public func clearOperationInProgress(operID: String?) throws {
        try write("clearing the operation in progress") { db in
            let text = try String.fetchOne(
                db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [Self.operationInProgressKey])
            guard let text else { return }
            if let operID,
                let recorded = try? JSONDecoder().decode(OperationInProgress.self, from: Data(text.utf8)),
                recorded.operID != operID
            {
                return
            }
            try db.execute(sql: "DELETE FROM setting WHERE key = ?", arguments: [Self.operationInProgressKey])
        }
    }

    /// Whether a result of `operID` was already produced: an outbox row carries it, or the enrollment log
    /// has its outcome.
    public func hasResult(forOperID operID: String) throws -> Bool {
        try writer.read { db in
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (SELECT 1 FROM outbox WHERE oper_id = ?)
                        OR EXISTS (SELECT 1 FROM enrollment_log WHERE oper_id = ?)
                    """,
                arguments: [operID, operID]) ?? false
        }
    }
}
