import Biometrics
import JSONSupport

/// `pass_method` of a passage (DOC 93985): how the person was recognised. The terminal produces
/// `.fingerprint` (4) and `.face` (1); the other values are the doc's, for a complete wire vocabulary.
public enum PassMethod: Int, Sendable, Hashable, Codable, CaseIterable {
    case face = 1
    case qrCode = 2
    case remoteOpen = 3
    case fingerprint = 4
    /// WeCom (the phone app) scanned the device's QR code.
    case appScannedDeviceCode = 5
    /// The device scanned a QR code on the phone.
    case deviceScannedPhoneCode = 6
}

/// One `checkin_data[]` entry: a person recognised at `timestamp`.
///
/// Built only with a sane timestamp: Unix seconds from 2018-01-01T00:00:00Z to the Uint32 limit
/// (`ProtocolLimits.serverClockSeconds`). The cloud silently drops records from before 2018 (DOC 93985), so a
/// terminal whose clock is unset must hold its passages rather than produce such a record.
public struct CheckinRecord: Sendable, Hashable {
    public let userid: UserID
    public let userType: UserType
    /// Unix seconds.
    public let timestamp: Int64
    public let passType: PassDirection
    public let passMethod: PassMethod

    public init(
        userid: UserID, userType: UserType = .employee, timestamp: Int64, passType: PassDirection = .unknown,
        passMethod: PassMethod
    ) throws(RequestFieldError) {
        let range = ProtocolLimits.serverClockSeconds
        guard timestamp >= range.lowerBound else {
            throw RequestFieldError(
                field: "timestamp",
                expected: "Unix seconds from 2018-01-01T00:00:00Z (\(range.lowerBound)); the cloud silently drops "
                    + "earlier records, so the clock must be set first",
                got: "\(timestamp)")
        }
        guard timestamp <= range.upperBound else {
            throw RequestFieldError(
                field: "timestamp", expected: "Unix seconds that fit a Uint32 (at most \(range.upperBound))",
                got: "\(timestamp)")
        }
        self.userid = userid
        self.userType = userType
        self.timestamp = timestamp
        self.passType = passType
        self.passMethod = passMethod
    }

    var json: JSONValue {
        [
            "userid": .string(userid.rawValue), "user_type": .integer(Int64(userType.rawValue)),
            "timestamp": .integer(timestamp), "pass_type": .integer(Int64(passType.rawValue)),
            "pass_method": .integer(Int64(passMethod.rawValue)),
        ]
    }
}

/// `checkin` (DOC 93985): reports 1-200 passages. The cloud answers `errcode` 0 with the records it did not
/// take in `fail_list`; those are to be kept and sent again, the others are acknowledged.
public struct Checkin: DeviceRequest, Hashable {
    public static let cmd = "checkin"
    public var records: [CheckinRecord]

    public init(records: [CheckinRecord]) { self.records = records }

    /// `records` in order, cut into requests of at most `ProtocolLimits.recordsPerCheckin`.
    public static func batches(_ records: [CheckinRecord]) -> [Checkin] {
        stride(from: 0, to: records.count, by: ProtocolLimits.recordsPerCheckin).map { start in
            Checkin(records: Array(records[start..<min(start + ProtocolLimits.recordsPerCheckin, records.count)]))
        }
    }

    /// Checks the record count (every record was checked when it was built).
    public func validate() throws(RequestFieldError) {
        guard (1...ProtocolLimits.recordsPerCheckin).contains(records.count) else {
            throw RequestFieldError(
                field: "checkin_data", expected: "1-\(ProtocolLimits.recordsPerCheckin) records",
                got: "\(records.count)")
        }
    }

    /// The validated `body`: `{checkin_data: [{userid, user_type, timestamp, pass_type, pass_method}]}`, all
    /// numbers as JSON numbers.
    public func validatedBody() throws(RequestFieldError) -> JSONObject {
        try validate()
        return ["checkin_data": .array(records.map(\.json))]
    }

    public func body() throws(WeComError) -> JSONObject? {
        do {
            return try validatedBody()
        } catch {
            throw .invalidRequest(cmd: Self.cmd, reason: error.description)
        }
    }

    /// A non-zero `errcode` throws `.cloudError` (nothing was taken: keep the whole batch). `fail_list`
    /// entries may be userid strings or objects `{userid, user_type, timestamp}` (DOC 93985's form).
    public func decodeResponse(_ response: ResponseEnvelope) throws(WeComError) -> CheckinResponse {
        let reader = try successBody(response)
        return try decoding { () throws(FrameError) in
            let items = try reader.optionalArray("fail_list", limit: ProtocolLimits.recordsPerCheckin)
            var failed: [CheckinFailure] = []
            for (index, item) in items.enumerated() {
                let itemPath = "\(reader.fieldPath("fail_list"))[\(index)]"
                switch item {
                case .string(let userid):
                    guard let id = try? UserID(userid) else {
                        throw .invalidValue(
                            field: itemPath, reason: "expected 1-\(UserID.maxBytes) bytes, got \(userid.utf8.count)")
                    }
                    failed.append(CheckinFailure(userid: id))
                case .object(let object):
                    failed.append(try CheckinFailure(FieldReader(object, path: itemPath)))
                default:
                    throw .wrongType(
                        field: itemPath, expected: "userid string or object with userid", found: item.kindName)
                }
            }
            return CheckinResponse(failed: failed)
        }
    }
}

/// One `fail_list` entry of a `checkin` answer. `userType` and `timestamp` are nil when the cloud listed
/// only the userid; then every record of that user in the batch counts as failed.
public struct CheckinFailure: Sendable, Hashable {
    public var userid: UserID
    public var userType: UserType?
    public var timestamp: Int64?

    public init(userid: UserID, userType: UserType? = nil, timestamp: Int64? = nil) {
        self.userid = userid
        self.userType = userType
        self.timestamp = timestamp
    }

    init(_ reader: FieldReader) throws(FrameError) {
        userid = try PushFields.userid(reader)
        userType = try reader.has("user_type") ? PushFields.userType(reader) : nil
        timestamp = try reader.optionalLenientInteger(
            "timestamp", in: ProtocolLimits.timestampSeconds, expected: "Unix seconds as a Uint32")
    }

    /// Whether `record` is the one (or one of those) this entry names.
    public func matches(_ record: CheckinRecord) -> Bool {
        record.userid == userid && (userType.map { $0 == record.userType } ?? true)
            && (timestamp.map { $0 == record.timestamp } ?? true)
    }
}

/// The answer to `checkin`.
public struct CheckinResponse: Sendable, Hashable {
    /// Records the cloud did not take; keep and retry them.
    public var failed: [CheckinFailure]

    public init(failed: [CheckinFailure]) { self.failed = failed }

    /// Whether `record` of the request is listed as failed.
    public func failed(_ record: CheckinRecord) -> Bool { failed.contains { $0.matches(record) } }

    /// The records of `request` the cloud took (not named by `fail_list`).
    public func acknowledged(of request: Checkin) -> [CheckinRecord] { request.records.filter { !failed($0) } }
}
