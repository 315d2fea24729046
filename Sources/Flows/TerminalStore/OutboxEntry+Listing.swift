import Foundation

extension OutboxEntry {
    /// The row as `attendctl outbox` lists it: id, member, slot, algorithm, size (or "delete"), the
    /// `oper_id` it still answers at `now` (or why it goes without one), attempts, then when it is due
    /// next with the cloud's last refusal, or "GIVEN UP" with the refusal that gave it up. `dates`
    /// writes the instants (the operator's local time in attendctl).
    public func listingLine(now: Date, dates: Date.ISO8601FormatStyle) -> String {
        let kind = isDeletion ? "delete" : "\(data.count) bytes"
        let oper =
            operIDIfWithin(now: now).map { "oper_id \($0)" }
            ?? (operation == nil ? "local/re-push" : "re-push (result window passed)")
        let state: String
        if let givenUp {
            state =
                "GIVEN UP \(givenUp.at.formatted(dates)): cloud refused \(givenUp.refusal.errcode) "
                + "\"\(givenUp.refusal.errmsg)\""
        } else {
            let refused = lastRefusal.map { "  last refusal \($0.errcode) \"\($0.errmsg)\"" } ?? ""
            state = "next \(nextAttemptAt.formatted(dates))\(refused)"
        }
        return "#\(id.rawValue) \(userid) \(slot) \(algorithm) \(kind)  \(oper)  attempts \(attempts)  \(state)"
    }
}
