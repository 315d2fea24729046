import Foundation

/// A cloud-started operation (`push_enter_page` / `push_user_face`) whose result an outbox row answers:
/// its `oper_id`, when the push arrived, and the result deadline the enrollment machine decided for it
/// (`Enrollment.ResultDeadline`, persisted as `oper_deadline` and `oper_window`). The store keeps no
/// window of its own: it only reads this decision back.
public struct PushedOperation: Hashable, Sendable {
    public let operID: String
    public let receivedAt: Date
    /// After this wall-clock instant the result may no longer carry `oper_id`.
    public let deadline: Date
    /// Seconds left of the window when it was decided: read back later, the window never has more left
    /// than this (`remaining(at:)`), whatever the wall clock did in between.
    public let window: TimeInterval

    public init(operID: String, receivedAt: Date, deadline: Date, window: TimeInterval) {
        self.operID = operID
        self.receivedAt = receivedAt
        self.deadline = deadline
        self.window = max(0, window)
    }

    /// Seconds left of the window at wall instant `now`, clamped to `0...window`: a wall clock stepped
    /// back never makes the window longer than it was decided to be.
    public func remaining(at now: Date) -> TimeInterval {
        min(window, max(0, deadline.timeIntervalSince(now)))
    }

    /// True while the result may still carry `oper_id` at wall instant `now`.
    public func isOpen(at now: Date) -> Bool { remaining(at: now) > 0 }
}
