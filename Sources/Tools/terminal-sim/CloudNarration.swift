import WeComCloudSim

/// One readable line per cloud simulator event.
enum CloudNarration {
    static func describe(_ event: CloudEvent) -> String {
        switch event {
        case .connected(let connection):
            return "cloud   device connection #\(connection) opened"
        case .disconnected(let connection, let sn):
            return "cloud   connection #\(connection) (\(sn ?? "unidentified")) closed"
        case .requestReceived(_, let sn, let cmd, _):
            return "cloud   ← \(cmd) from \(sn ?? "a device not yet identified")"
        case .responseSent(_, _, _, let errcode, let errmsg):
            return "cloud   → answered \(errcode) \(errmsg)"
        case .pushSent(let sn, let cmd, let operID):
            return "cloud   → \(cmd) to \(sn)" + (operID.map { " oper_id \($0)" } ?? "")
        case .uploadVerdict(let record):
            let elapsed =
                record.elapsedMs.map { String(format: ", %.1f s after the push (limit 60 s)", Double($0) / 1000) } ?? ""
            let slots = record.users.flatMap { user in
                user.slots.map { "\(user.userid) \($0.pageType.rawValue)#\($0.slot) \($0.size) bytes" }
            }
            return "cloud   upload_userinfo \(record.verdict.rawValue) (errcode \(record.errcode))\(elapsed): "
                + (slots.isEmpty ? "\(record.userCount) user(s), no templates" : slots.joined(separator: "; "))
                + (record.reasons.isEmpty ? "" : " — " + record.reasons.joined(separator: "; "))
        case .operationChanged(let operation):
            return "cloud   operation \(operation.operID): \(operation.status.rawValue)"
                + (operation.reason.map { " (\($0))" } ?? "")
        }
    }
}
