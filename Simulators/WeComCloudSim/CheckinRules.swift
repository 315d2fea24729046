import Foundation
import JSONSupport

/// One checked `checkin_data[]` record.
struct CheckinEntry: Sendable, Hashable {
    var userid: String
    var userType: Int
    var timestamp: Int64
    /// nil: an attendance record only (DOC 93985: no access record without `pass_type`).
    var passType: Int?
    var passMethod: Int?

    /// The record as `fail_list` names it (DOC 93985's form `{userid, user_type, timestamp}`).
    var failEntry: JSONValue {
        ["userid": .string(userid), "user_type": .integer(Int64(userType)), "timestamp": .integer(timestamp)]
    }
}

/// The rules the simulated cloud applies to `checkin` (DOC 93985), each failure naming the field. The whole
/// request is refused on the first broken record (nothing is recorded):
///
/// - body not an object: 600110 `body`.
/// - `checkin_data` missing, not an array or empty: 600110 `body.checkin_data`; over 200 records: 600113.
/// - a record that is not an object: 600110 `body.checkin_data[i]`.
/// - `userid` missing, not a string, empty or over 128 bytes: 600110 `body.checkin_data[i].userid`.
/// - `user_type` (optional, default 0) not 0, 1 or 2: 600110 `...user_type`.
/// - `timestamp` missing or not an integer: 600110 `...timestamp`; before 2018-01-01T00:00:00Z, or more than
///   a day ahead of the cloud's clock: 600110 `...timestamp`. The real cloud drops pre-2018 records without a
///   word (DOC 93985); the simulator refuses them loudly so a terminal that produces one is caught. The day of
///   slack for the future is ours (the doc is silent): a terminal clock a little ahead is not refused, one
///   that jumped years ahead is.
/// - `pass_type` (optional) not 1 (in), 2 (out) or 3 (direction unknown): 600110 `...pass_type`.
/// - `pass_method` (optional) not one of the doc's 1 face, 2 QR code, 3 remote open, 4 fingerprint, 5 app
///   scanned the device's code, 6 device scanned the phone's code: 600110 `...pass_method`.
/// - one of `pass_type` / `pass_method` without the other: 600110 naming the missing one. The doc makes both
///   optional and says a door needs both; a record with only one is neither plain attendance nor a complete
///   access record, so we refuse it (our choice).
///
/// Known-user checks are the handler's (unknown users go to `fail_list`, not an error).
enum CheckinRules {
    static let cmd = "checkin"
    /// Records per `checkin` (spec §9).
    static let maxRecords = 200
    /// 2018-01-01T00:00:00Z: the cloud ignores earlier records.
    static let earliestTimestamp: Int64 = 1_514_764_800
    /// How far ahead of the cloud's clock a record may be.
    static let futureSlackSeconds: Int64 = 86_400
    static let passTypes: ClosedRange<Int64> = 1...3
    static let passMethods: ClosedRange<Int64> = 1...6

    static func records(_ body: RequestBody, now: Date) throws -> [CheckinEntry] {
        guard let value = body.value else { throw CommandFailure.invalid("body", "an object, but it is missing") }
        guard value.objectValue != nil else { throw CommandFailure.invalid("body", "an object, got \(value.kindName)") }
        let field = "body.checkin_data"
        guard let list = value["checkin_data"] else {
            throw CommandFailure.invalid(field, "an array of {userid, user_type, timestamp, ...}, but it is missing")
        }
        guard let items = list.arrayValue else { throw CommandFailure.invalid(field, "an array, got \(list.kindName)") }
        guard !items.isEmpty else { throw CommandFailure.invalid(field, "1-\(maxRecords) records, got 0") }
        guard items.count <= maxRecords else {
            throw CommandFailure(
                CloudErrorCode.tooManyItems, "\(field): at most \(maxRecords) records, got \(items.count)")
        }
        let (sum, overflow) = CloudSimulator.unixSeconds(now).addingReportingOverflow(futureSlackSeconds)
        let latest = overflow ? Int64.max : sum
        return try items.enumerated().map { index, item in
            try record(item, field: "\(field)[\(index)]", latest: latest)
        }
    }

    private static func record(_ item: JSONValue, field: String, latest: Int64) throws -> CheckinEntry {
        guard item.objectValue != nil else {
            throw CommandFailure.invalid(field, "an object {userid, user_type, timestamp, ...}, got \(item.kindName)")
        }
        guard let userid = item["userid"]?.stringValue else {
            throw CommandFailure.invalid("\(field).userid", "a string, got \(item["userid"]?.kindName ?? "nothing")")
        }
        let length = userid.utf8.count
        guard (1...UploadRuleChecker.maxUseridBytes).contains(length) else {
            throw CommandFailure.invalid(
                "\(field).userid", "a userid of 1-\(UploadRuleChecker.maxUseridBytes) bytes, got \(length)")
        }
        let userType = try optionalInteger(item, "user_type", field: field, in: 0...2, expected: "0, 1 or 2") ?? 0
        guard let raw = item["timestamp"] else {
            throw CommandFailure.invalid("\(field).timestamp", "Unix seconds, but it is missing")
        }
        guard let timestamp = raw.strictIntValue else {
            throw CommandFailure.invalid("\(field).timestamp", "Unix seconds as an integer, got \(excerpt(raw))")
        }
        guard timestamp >= earliestTimestamp else {
            throw CommandFailure.invalid(
                "\(field).timestamp", "a time from 2018-01-01T00:00:00Z (\(earliestTimestamp)), got \(timestamp)")
        }
        guard timestamp <= latest else {
            throw CommandFailure.invalid(
                "\(field).timestamp",
                "a time at most \(futureSlackSeconds) s after the cloud's clock (\(latest)), got \(timestamp)")
        }
        let passType = try optionalInteger(
            item, "pass_type", field: field, in: passTypes, expected: "1 (in), 2 (out) or 3 (direction unknown)")
        let passMethod = try optionalInteger(
            item, "pass_method", field: field, in: passMethods,
            expected: "1 face, 2 QR code, 3 remote open, 4 fingerprint, 5 or 6 QR scans")
        if passType != nil, passMethod == nil {
            throw CommandFailure.invalid("\(field).pass_method", "a pass_method with the pass_type, but it is missing")
        }
        if passMethod != nil, passType == nil {
            throw CommandFailure.invalid("\(field).pass_type", "a pass_type with the pass_method, but it is missing")
        }
        return CheckinEntry(
            userid: userid, userType: Int(userType), timestamp: timestamp, passType: passType.map { Int($0) },
            passMethod: passMethod.map { Int($0) })
    }

    private static func optionalInteger(
        _ item: JSONValue, _ key: String, field: String, in range: ClosedRange<Int64>, expected: String
    ) throws -> Int64? {
        guard let raw = item[key], raw != .null else { return nil }
        guard let number = raw.strictIntValue, range.contains(number) else {
            throw CommandFailure.invalid("\(field).\(key)", "\(expected), got \(excerpt(raw))")
        }
        return number
    }

    private static func excerpt(_ value: JSONValue) -> String { String(value.jsonText().prefix(40)) }
}
