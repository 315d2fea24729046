import Foundation

extension StoredPassage {
    /// The passage as `attendctl passages` lists it: id, when (or that it waits for the clock), member, how,
    /// which way, then whether the cloud took it, or how often it was tried and the last reason.
    public func listingLine(dates: Date.ISO8601FormatStyle) -> String {
        let when = at.map { $0.formatted(dates) } ?? "undated (the clock was not set)"
        let how = modality == .fingerprint ? "fingerprint" : "face"
        let state: String
        if let acknowledgedAt {
            state = "sent \(acknowledgedAt.formatted(dates))"
        } else if attempts == 0 {
            state = at == nil ? "held until the clock is set" : "pending"
        } else {
            let reason = lastErrmsg.map { ": \($0)" } ?? ""
            state =
                "pending, \(attempts) tr\(attempts == 1 ? "y" : "ies")" + (lastErrcode.map { " (errcode \($0))" } ?? "")
                + reason
        }
        return "#\(id) \(when)  \(userid) (\(userType))  \(how)  \(direction)  \(state)"
    }
}
