import Foundation
import JSONSupport

/// `upload_userinfo`: rule check, template storage, operation outcome, upload log.
extension CloudSimulator {
    func handleUpload(body: JSONValue?, reqID: String?, connection id: Int) -> Reply {
        guard let connection = connections[id], connection.loggedIn, let sn = connection.sn,
            let device = deviceTable[sn]
        else {
            return Reply(
                reqID: reqID, errcode: CloudErrorCode.notLoggedIn,
                errmsg: "upload_userinfo needs a logged-in device; call subscribe_corp first")
        }
        let now = wallClock.now()
        let seen = connection.seenReqIDs.union(device.uploadReqIDs)
        if let reqID {
            connections[id]?.seenReqIDs.insert(reqID)
            deviceTable[sn]?.uploadReqIDs.insert(reqID)
        }
        let userCount = body?["userinfo"]?.arrayValue?.count ?? 0
        var record = CloudUploadRecord(
            index: uploadLog.count + 1, sn: sn, reqID: reqID, operID: body?["oper_id"]?.stringValue, receivedAt: now,
            verdict: .rejected, errcode: 0, reasons: [], elapsedMs: nil, userCount: userCount, failList: [], users: [])

        let named = body?["userinfo"]?.arrayValue?.compactMap { $0["userid"]?.stringValue } ?? []
        if let (userid, code) = named.lazy.compactMap({ id in self.faults.refuseUploadsNaming[id].map { (id, $0) } })
            .first
        {
            record.errcode = code
            record.reasons = ["rejected by fault injection (refuse_uploads_naming \(userid))"]
            return finish(record, reqID: reqID, errmsg: record.reasons[0])
        }
        if let code = faults.rejectNextUpload {
            faults.rejectNextUpload = nil
            record.errcode = code
            record.reasons = ["rejected by fault injection (reject_next_upload)"]
            return finish(record, reqID: reqID, errmsg: record.reasons[0])
        }

        let context = UploadCheckContext(
            sn: sn, reqID: reqID, seenReqIDs: seen, fpAlgorithms: device.fpAlgorithms,
            faAlgorithms: device.faAlgorithms,
            members: Set(directory.members.keys).union(directory.visitors.keys), operations: operationsByID, now: now,
            failUsers: faults.failUsers,
            servedPhotos: knownPhotos)
        switch UploadRuleChecker.check(body: body, context: context) {
        case .success(let accepted):
            apply(accepted, sn: sn, at: now)
            record.verdict = .accepted
            record.elapsedMs = accepted.elapsedMs
            record.failList = accepted.failed.map(\.userid)
            record.reasons = accepted.failed.map { "\($0.userid): \($0.reason)" }
            record.users = accepted.entries.map(Self.summary)
            return finish(
                record, reqID: reqID, errmsg: "ok", body: ["fail_list": .array(record.failList.map { .string($0) })])
        case .failure(let rejection):
            record.verdict = rejection.isLate ? .late : .rejected
            record.errcode = rejection.errcode
            record.reasons = [rejection.reason]
            record.elapsedMs = rejection.elapsedMs
            if let operID = rejection.operID {
                updateOperation(operID) {
                    $0.status = rejection.isLate ? .late : .rejected
                    $0.reason = rejection.reason
                    $0.resultErrcode = body?["errcode"]?.strictIntValue.map { Int($0) }
                    $0.resultErrmsg = body?["errmsg"]?.stringValue
                    $0.elapsedMs = rejection.elapsedMs
                }
            }
            return finish(record, reqID: reqID, errmsg: rejection.reason)
        }
    }

    private func finish(_ record: CloudUploadRecord, reqID: String?, errmsg: String, body: JSONValue? = nil) -> Reply {
        uploadLog.append(record)
        eventSink.yield(.uploadVerdict(record))
        return Reply(reqID: reqID, errcode: record.errcode, errmsg: errmsg, body: body)
    }

    private func apply(_ accepted: AcceptedUpload, sn: String, at now: Date) {
        storeTemplates(accepted.applied, sn: sn, at: now)
        guard let operID = accepted.operID else { return }
        let failure = accepted.failed.first
        updateOperation(operID) {
            $0.resultErrcode = accepted.resultErrcode
            $0.resultErrmsg = accepted.resultErrmsg
            $0.elapsedMs = accepted.elapsedMs
            if let failure {
                $0.status = .rejected
                $0.reason = failure.reason
            } else if accepted.resultErrcode == 0 {
                $0.status = .accepted
                $0.reason = nil
            } else {
                $0.status = .rejected
                $0.reason = "device reported failure \(accepted.resultErrcode ?? -1): \(accepted.resultErrmsg ?? "")"
            }
        }
    }

    private static func summary(_ entry: UploadedUserEntry) -> UploadedUser {
        UploadedUser(
            userid: entry.userid, userType: entry.userType, fpAlgorithm: entry.fpAlgorithm,
            faAlgorithm: entry.faAlgorithm,
            slots: entry.updates.map { update in
                UploadedSlot(
                    pageType: update.pageType, slot: update.slot, size: update.data?.count ?? 0,
                    shortHash: update.data.map(shortHash))
            })
    }
}
