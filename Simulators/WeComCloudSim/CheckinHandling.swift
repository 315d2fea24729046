import Foundation
import JSONSupport

/// A passage the cloud took from a `checkin` record.
public struct CloudPassage: Sendable, Hashable, Codable {
    /// Position in the log, from 1.
    public var index: Int
    /// The device that reported it.
    public var sn: String
    public var userid: String
    /// 0 employee, 1 visitor, 2 student.
    public var userType: Int
    /// Unix seconds, as the device sent it.
    public var timestamp: Int64
    /// 1 in, 2 out, 3 direction unknown; nil for an attendance-only record.
    public var passType: Int?
    /// 1 face, 4 fingerprint (2, 3, 5, 6: the doc's other methods); nil for an attendance-only record.
    public var passMethod: Int?
    /// When the cloud received it (its wall clock).
    public var receivedAt: Date
    /// The same device already reported a record with the same user, type, time and method (a resend
    /// after a lost answer); kept, and flagged, as the doc does not say whether the cloud deduplicates.
    public var repeated: Bool
}

/// The passages the simulated cloud took, oldest first.
struct PassageLog: Sendable {
    private(set) var entries: [CloudPassage] = []
    private var seen: Set<PassageKey> = []

    private struct PassageKey: Hashable {
        var sn: String
        var entry: CheckinEntry
    }

    mutating func append(_ entry: CheckinEntry, sn: String, at now: Date) {
        let repeated = !seen.insert(PassageKey(sn: sn, entry: entry)).inserted
        entries.append(
            CloudPassage(
                index: entries.count + 1, sn: sn, userid: entry.userid, userType: entry.userType,
                timestamp: entry.timestamp, passType: entry.passType, passMethod: entry.passMethod, receivedAt: now,
                repeated: repeated))
    }
}

/// `checkin` (DOC 93985): rule check (`CheckinRules`), then each record is taken or listed in `fail_list`.
extension CloudSimulator {
    /// Records of users the directory does not hold with that `user_type`, and of users in `faults.failUsers`,
    /// go into `fail_list` as `{userid, user_type, timestamp}`; the others become passages.
    func checkin(_ body: RequestBody, connection id: Int) throws -> JSONValue {
        let now = wallClock.now()
        let entries = try CheckinRules.records(body, now: now)
        let sn = connections[id]?.sn ?? ""
        var failed: [JSONValue] = []
        for entry in entries {
            guard let person = directory.person(entry.userid), person.userType == entry.userType,
                !faults.failUsers.contains(entry.userid)
            else {
                failed.append(entry.failEntry)
                continue
            }
            passageLog.append(entry, sn: sn, at: now)
        }
        return ["fail_list": .array(failed)]
    }

    /// The `nextCheckinConnection` fault, one shot: the checkin is taken (unless `dropBeforeApplying`) and
    /// the connection closed (unless `swallowAnswer`), with no answer either way.
    func checkinConnectionFault(_ fault: CloudUploadConnectionFault, body: RequestBody, connection id: Int) -> Answer {
        faults.nextCheckinConnection = nil
        if fault != .dropBeforeApplying { _ = try? runCommand(CheckinRules.cmd, body: body, connection: id) }
        if fault != .swallowAnswer {
            connections[id]?.outbox.yield(.close(reason: "dropped at checkin by fault injection"))
        }
        return .none
    }

    /// The passages taken, oldest first; only `userid`'s when given.
    public func passages(userid: String? = nil) -> [CloudPassage] {
        guard let userid else { return passageLog.entries }
        return passageLog.entries.filter { $0.userid == userid }
    }
}
