import Foundation

/// A cloud-started operation (`push_enter_page` / `push_user_face`): its `oper_id` and when the push arrived.
public struct PushedOperation: Hashable, Sendable {
    public let operID: String
    public let receivedAt: Date

    public init(operID: String, receivedAt: Date) {
        self.operID = operID
        self.receivedAt = receivedAt
    }

    /// After this instant the result may no longer carry `oper_id` (receipt + 60 s).
    public var deadline: Date { receivedAt.addingTimeInterval(TerminalStore.operResultWindow) }
}
