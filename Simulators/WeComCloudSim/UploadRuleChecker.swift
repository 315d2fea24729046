import Foundation
import JSONSupport

/// Everything the rule checker needs to judge one `upload_userinfo`, captured from the simulator's state.
public struct UploadCheckContext: Sendable {
    /// Device that sent the upload.
    public var sn: String
    /// `headers.req_id` of the request (nil when missing).
    public var reqID: String?
    /// req_ids this device/connection used before.
    public var seenReqIDs: Set<String>
    /// Algorithms the device declared at `subscribe_corp`.
    public var fpAlgorithms: [String]
    public var faAlgorithms: [String]
    /// userids of the corp's members.
    public var members: Set<String>
    /// Every enrollment operation by oper_id.
    public var operations: [String: CloudOperation]
    /// The cloud's time when the upload arrived.
    public var now: Date
    /// Users forced into `fail_list` (fault injection).
    public var failUsers: Set<String>
    /// Photos served for `push_user_face`; template data equal to or containing one is an image.
    public var servedPhotos: [KnownPhoto]

    public init(
        sn: String, reqID: String?, seenReqIDs: Set<String> = [], fpAlgorithms: [String] = [],
        faAlgorithms: [String] = [], members: Set<String>, operations: [String: CloudOperation] = [:],
        now: Date, failUsers: Set<String> = [], servedPhotos: [KnownPhoto] = []
    ) {
        self.sn = sn
        self.reqID = reqID
        self.seenReqIDs = seenReqIDs
        self.fpAlgorithms = fpAlgorithms
        self.faAlgorithms = faAlgorithms
        self.members = members
        self.operations = operations
        self.now = now
        self.failUsers = failUsers
        self.servedPhotos = servedPhotos
    }
}

/// Why an upload was refused as a whole.
public struct UploadRejection: Error, Sendable, Hashable {
    public var errcode: Int
    public var reason: String
    /// The pending operation this upload answered; it is closed by the rejection (nil when the
    /// oper_id itself was the problem, so the operation is left as it was).
    public var operID: String?
    /// The result came after the 60 s limit.
    public var isLate: Bool
    /// Milliseconds between the push and the upload, when the upload answered an operation.
    public var elapsedMs: Int?
}

/// One slot change: new template bytes, or a deletion (`data: ""`).
public struct UploadSlotUpdate: Sendable, Hashable {
    public var pageType: CloudPageType
    public var slot: Int
    /// nil deletes the slot.
    public var data: Data?
}

/// A user entry as parsed from the upload.
public struct UploadedUserEntry: Sendable, Hashable {
    public var userid: String
    public var userType: Int
    public var fpAlgorithm: String?
    public var faAlgorithm: String?
    public var updates: [UploadSlotUpdate]
}

/// A user that failed individually and goes into `fail_list`.
public struct UploadFailedUser: Sendable, Hashable {
    public var userid: String
    public var reason: String
}

/// An upload the cloud accepts (possibly with some users in `fail_list`).
public struct AcceptedUpload: Sendable, Hashable {
    /// The operation answered, if any.
    public var operID: String?
    public var resultErrcode: Int?
    public var resultErrmsg: String?
    public var elapsedMs: Int?
    /// Users whose slot updates are applied.
    public var applied: [UploadedUserEntry]
    public var failed: [UploadFailedUser]
    /// Every entry of the upload, applied or failed.
    public var entries: [UploadedUserEntry]
}

/// The pure rule checker for `upload_userinfo` (spec §6.4, §7, §9, §12; enrollment.md).
public enum UploadRuleChecker {
    /// Most users in one upload.
    public static let maxUsers = 200
    /// Longest userid in bytes.
    public static let maxUseridBytes = 128
    /// Seconds after the push within which a result must arrive.
    public static let resultDeadline: TimeInterval = 60
    /// Valid slot ids per modality.
    public static func slotRange(_ pageType: CloudPageType) -> ClosedRange<Int> {
        pageType == .fingerprint ? 0...9 : 0...11
    }

    /// Judges `body` of an upload in `context`.
    public static func check(body: JSONValue?, context: UploadCheckContext) -> Result<AcceptedUpload, UploadRejection> {
        Result { try judge(body: body, context: context) }.mapError { error in
            // judge throws only UploadRejection.
            error as? UploadRejection
                ?? UploadRejection(errcode: CloudErrorCode.invalidParameter, reason: "\(error)", isLate: false)
        }
    }

    private static func judge(body: JSONValue?, context: UploadCheckContext) throws -> AcceptedUpload {
        try checkRequestID(context)
        guard let body, case .object = body else {
            throw reject(CloudErrorCode.invalidParameter, "body must be an object with userinfo")
        }
        let result = try ResultFields(body: body)
        var operation: CloudOperation?
        var elapsedMs: Int?
        if let operID = result.operID {
            let found = try pendingOperation(operID, context: context)
            let elapsed = context.now.timeIntervalSince(found.pushedAt)
            elapsedMs = Int((elapsed * 1000).rounded())
            if elapsed > resultDeadline {
                throw UploadRejection(
                    errcode: CloudErrorCode.resultTooLate,
                    reason:
                        "result for oper_id \(operID) arrived \(Int(elapsed)) s after the push; limit is \(Int(resultDeadline)) s",
                    operID: operID, isLate: true, elapsedMs: elapsedMs)
            }
            operation = found
        }
        func rejectAnswer(_ code: Int, _ reason: String) -> UploadRejection {
            UploadRejection(
                errcode: code, reason: reason, operID: operation?.operID, isLate: false, elapsedMs: elapsedMs)
        }

        guard let userinfo = body["userinfo"] else {
            throw rejectAnswer(CloudErrorCode.invalidParameter, "userinfo is required")
        }
        guard let users = userinfo.arrayValue else {
            throw rejectAnswer(CloudErrorCode.invalidParameter, "userinfo must be an array, got \(userinfo.kindName)")
        }
        if users.count > maxUsers {
            throw rejectAnswer(
                CloudErrorCode.tooManyItems, "userinfo has \(users.count) users; at most \(maxUsers) per call")
        }
        var entries: [UploadedUserEntry] = []
        for (index, user) in users.enumerated() {
            do {
                entries.append(try parseUser(user, field: "userinfo[\(index)]", photos: context.servedPhotos))
            } catch let problem as EntryProblem {
                throw rejectAnswer(problem.errcode, problem.reason)
            }
        }

        if let operation {
            if entries.isEmpty {
                throw rejectAnswer(
                    CloudErrorCode.invalidOperation,
                    "userinfo is empty; oper_id \(operation.operID) needs userid \(operation.userid)")
            }
            if let other = entries.first(where: { $0.userid != operation.userid }) {
                throw rejectAnswer(
                    CloudErrorCode.invalidOperation,
                    "userid \(other.userid) does not match oper_id \(operation.operID), which is for userid \(operation.userid)"
                )
            }
        }
        if let operation, operation.trigger == .userFace, result.errcode == 0,
            let reason = photoSlotMismatch(entries, operation: operation)
        {
            throw rejectAnswer(CloudErrorCode.invalidOperation, reason)
        }
        for (index, entry) in entries.enumerated() {
            if let reason = undeclaredAlgorithm(entry, context: context) {
                throw rejectAnswer(CloudErrorCode.undeclaredAlgorithm, "userinfo[\(index)]: \(reason)")
            }
        }
        if operation != nil, result.errcode == 0, entries.allSatisfy({ $0.updates.allSatisfy { $0.data == nil } }) {
            throw rejectAnswer(
                CloudErrorCode.emptyResult,
                "errcode 0 with oper_id but every template slot is empty: empty data would delete, not enroll")
        }

        var applied: [UploadedUserEntry] = []
        var failed: [UploadFailedUser] = []
        for entry in entries {
            if !context.members.contains(entry.userid) {
                failed.append(
                    UploadFailedUser(userid: entry.userid, reason: "userid \(entry.userid) is not a member of the corp")
                )
            } else if context.failUsers.contains(entry.userid) {
                failed.append(
                    UploadFailedUser(userid: entry.userid, reason: "userid \(entry.userid) failed by fault injection"))
            } else {
                applied.append(entry)
            }
        }
        return AcceptedUpload(
            operID: operation?.operID, resultErrcode: result.errcode, resultErrmsg: result.errmsg,
            elapsedMs: elapsedMs, applied: applied, failed: failed, entries: entries)
    }

    private static func reject(_ errcode: Int, _ reason: String) -> UploadRejection {
        UploadRejection(errcode: errcode, reason: reason, operID: nil, isLate: false, elapsedMs: nil)
    }

    private static func checkRequestID(_ context: UploadCheckContext) throws {
        guard let reqID = context.reqID, !reqID.isEmpty else {
            throw reject(CloudErrorCode.invalidRequestID, "headers.req_id is missing")
        }
        if context.seenReqIDs.contains(reqID) {
            throw reject(CloudErrorCode.invalidRequestID, "headers.req_id \"\(reqID)\" repeated; it must be unique")
        }
    }

    /// oper_id / errcode / errmsg as sent; they travel together or not at all.
    private struct ResultFields {
        var operID: String?
        var errcode: Int?
        var errmsg: String?

        init(body: JSONValue) throws {
            if let value = body["oper_id"] {
                guard let text = value.stringValue else {
                    throw reject(CloudErrorCode.invalidParameter, "oper_id must be a string, got \(value.kindName)")
                }
                operID = text
            }
            if let value = body["errcode"] {
                guard let code = value.strictIntValue else {
                    throw reject(CloudErrorCode.invalidParameter, "errcode must be an integer, got \(value.kindName)")
                }
                errcode = Int(code)
            }
            if let value = body["errmsg"] {
                guard let text = value.stringValue else {
                    throw reject(CloudErrorCode.invalidParameter, "errmsg must be a string, got \(value.kindName)")
                }
                errmsg = text
            }
            if operID != nil {
                var missing: [String] = []
                if errcode == nil { missing.append("errcode") }
                if errmsg == nil { missing.append("errmsg") }
                if !missing.isEmpty {
                    throw reject(
                        CloudErrorCode.invalidParameter, "oper_id given without \(missing.joined(separator: " and "))")
                }
            } else if errcode != nil || errmsg != nil {
                let present = [errcode != nil ? "errcode" : nil, errmsg != nil ? "errmsg" : nil].compactMap { $0 }
                throw reject(
                    CloudErrorCode.invalidParameter, "\(present.joined(separator: " and ")) given without oper_id")
            }
        }
    }

    private static func pendingOperation(_ operID: String, context: UploadCheckContext) throws -> CloudOperation {
        guard let operation = context.operations[operID] else {
            throw reject(CloudErrorCode.invalidOperation, "oper_id \"\(operID)\" is unknown")
        }
        guard operation.sn == context.sn else {
            throw reject(CloudErrorCode.invalidOperation, "oper_id \(operID) belongs to another device")
        }
        switch operation.status {
        case .pending: return operation
        case .cancelled: throw reject(CloudErrorCode.invalidOperation, "oper_id \(operID) was cancelled")
        case .accepted, .rejected, .late:
            throw reject(
                CloudErrorCode.invalidOperation,
                "oper_id \(operID) already answered (status \(operation.status.rawValue))")
        }
    }

    private struct EntryProblem: Error {
        var errcode: Int
        var reason: String
    }

    /// A successful `push_user_face` result stores faces only, in the slots the push named.
    private static func photoSlotMismatch(_ entries: [UploadedUserEntry], operation: CloudOperation) -> String? {
        let pushed = Set(operation.photos.map(\.slot))
        for (index, entry) in entries.enumerated() {
            for update in entry.updates {
                if update.pageType == .fingerprint {
                    return "userinfo[\(index)].fp: oper_id \(operation.operID) is a push_user_face (faces only)"
                }
                if !pushed.contains(update.slot) {
                    return
                        "userinfo[\(index)].fa_list id \(update.slot) was not among face_info ids \(pushed.sorted()) of oper_id \(operation.operID)"
                }
            }
        }
        return nil
    }

    private static func parseUser(_ user: JSONValue, field: String, photos: [KnownPhoto]) throws -> UploadedUserEntry {
        func problem(_ code: Int, _ reason: String) -> EntryProblem {
            EntryProblem(errcode: code, reason: "\(field).\(reason)")
        }
        guard case .object = user else {
            throw EntryProblem(
                errcode: CloudErrorCode.invalidParameter, reason: "\(field) must be an object, got \(user.kindName)")
        }
        guard let useridValue = user["userid"] else {
            throw problem(CloudErrorCode.invalidParameter, "userid is required")
        }
        guard let userid = useridValue.stringValue else {
            throw problem(CloudErrorCode.invalidParameter, "userid must be a string, got \(useridValue.kindName)")
        }
        let length = userid.utf8.count
        guard (1...maxUseridBytes).contains(length) else {
            throw problem(CloudErrorCode.invalidParameter, "userid must be 1-\(maxUseridBytes) bytes, got \(length)")
        }
        var userType = 0
        if let value = user["user_type"] {
            guard let number = value.lenientIntValue, (0...2).contains(number) else {
                throw problem(CloudErrorCode.invalidParameter, "user_type must be 0, 1 or 2, got \(value.jsonText())")
            }
            userType = Int(number)
        }
        let fpAlgorithm = try optionalString(user, "fp_algorithm", field: field)
        let faAlgorithm = try optionalString(user, "fa_algorithm", field: field)
        var updates = try slotUpdates(user["fp"], key: "fp", pageType: .fingerprint, field: field, photos: photos)
        if user["fa_list"] != nil {
            updates += try slotUpdates(user["fa_list"], key: "fa_list", pageType: .face, field: field, photos: photos)
        } else if let legacy = user["fa"] {
            guard let text = legacy.stringValue else {
                throw problem(CloudErrorCode.invalidParameter, "fa must be a base64 string, got \(legacy.kindName)")
            }
            updates.append(
                UploadSlotUpdate(
                    pageType: .face, slot: 0,
                    data: try decodeTemplate(text, pageType: .face, field: "\(field).fa", photos: photos)))
        }
        return UploadedUserEntry(
            userid: userid, userType: userType, fpAlgorithm: fpAlgorithm, faAlgorithm: faAlgorithm, updates: updates)
    }

    private static func optionalString(_ object: JSONValue, _ key: String, field: String) throws -> String? {
        guard let value = object[key] else { return nil }
        guard let text = value.stringValue else {
            throw EntryProblem(
                errcode: CloudErrorCode.invalidParameter,
                reason: "\(field).\(key) must be a string, got \(value.kindName)")
        }
        return text
    }

    private static func slotUpdates(
        _ value: JSONValue?, key: String, pageType: CloudPageType, field: String, photos: [KnownPhoto]
    ) throws -> [UploadSlotUpdate] {
        guard let value else { return [] }
        guard let items = value.arrayValue else {
            throw EntryProblem(
                errcode: CloudErrorCode.invalidParameter,
                reason: "\(field).\(key) must be an array, got \(value.kindName)")
        }
        let range = slotRange(pageType)
        return try items.enumerated().compactMap { index, item -> UploadSlotUpdate? in
            let path = "\(field).\(key)[\(index)]"
            guard case .object = item else {
                throw EntryProblem(
                    errcode: CloudErrorCode.invalidParameter,
                    reason: "\(path) must be an object {id, data}, got \(item.kindName)")
            }
            guard let idValue = item["id"] else {
                throw EntryProblem(errcode: CloudErrorCode.invalidParameter, reason: "\(path).id is required")
            }
            guard let id = idValue.lenientIntValue, range.contains(Int(id)) else {
                throw EntryProblem(
                    errcode: CloudErrorCode.invalidParameter,
                    reason: "\(path).id must be \(range.lowerBound)-\(range.upperBound), got \(idValue.jsonText())")
            }
            // `data` is optional in the spec; only an explicit "" deletes, so a missing one changes nothing.
            guard let dataValue = item["data"] else { return nil }
            guard let text = dataValue.stringValue else {
                throw EntryProblem(
                    errcode: CloudErrorCode.invalidParameter,
                    reason: "\(path).data must be a base64 string, got \(dataValue.kindName)")
            }
            return UploadSlotUpdate(
                pageType: pageType, slot: Int(id),
                data: try decodeTemplate(text, pageType: pageType, field: "\(path).data", photos: photos))
        }
    }

    /// nil for "" (a deletion); the bytes when they are valid base64, not a served photo and not an image.
    private static func decodeTemplate(_ text: String, pageType: CloudPageType, field: String, photos: [KnownPhoto])
        throws -> Data?
    {
        if text.isEmpty { return nil }
        guard let data = Data(base64Encoded: text) else {
            throw EntryProblem(errcode: CloudErrorCode.invalidBase64, reason: "\(field) is not valid base64")
        }
        if let reason = TemplateImageDetector.photoReason(data, photos: photos) {
            throw EntryProblem(errcode: CloudErrorCode.imageNotTemplate, reason: "\(field): \(reason)")
        }
        let kind: TemplateImageDetector.Kind = pageType == .fingerprint ? .fingerprint : .face
        if let reason = TemplateImageDetector.imageReason(data, kind: kind) {
            throw EntryProblem(errcode: CloudErrorCode.imageNotTemplate, reason: "\(field): \(reason)")
        }
        return data
    }

    private static func undeclaredAlgorithm(_ entry: UploadedUserEntry, context: UploadCheckContext) -> String? {
        if let algorithm = entry.fpAlgorithm, algorithm != "default", !context.fpAlgorithms.contains(algorithm) {
            return
                "fp_algorithm \"\(algorithm)\" was not declared at subscribe_corp (declared: \(context.fpAlgorithms))"
        }
        if let algorithm = entry.faAlgorithm, algorithm != "default", !context.faAlgorithms.contains(algorithm) {
            return
                "fa_algorithm \"\(algorithm)\" was not declared at subscribe_corp (declared: \(context.faAlgorithms))"
        }
        return nil
    }
}
