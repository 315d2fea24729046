import Foundation
import JSONSupport
import Testing

@testable import WeComCloudSim

/// One pending fingerprint operation for "zhangsan" on SN1, pushed at `testEpoch`.
private func pendingOperation(
    _ operID: String = "op-1", sn: String = "SN1", userid: String = "zhangsan",
    status: CloudOperationStatus = .pending
) -> CloudOperation {
    CloudOperation(
        operID: operID, sn: sn, userid: userid, userType: 0, pageType: .fingerprint, pushedAt: testEpoch, status: status
    )
}

private func check(
    _ body: JSONValue?, reqID: String? = "r-1", seen: Set<String> = [], secondsAfterPush: TimeInterval = 10,
    operations: [CloudOperation] = [pendingOperation()], failUsers: Set<String> = []
) -> Result<AcceptedUpload, UploadRejection> {
    let context = UploadCheckContext(
        sn: "SN1", reqID: reqID, seenReqIDs: seen, fpAlgorithms: ["zfm-module-char-v1"], faAlgorithms: ["face-v2"],
        members: ["zhangsan", "lisi", "visitor/1000"],
        operations: Dictionary(uniqueKeysWithValues: operations.map { ($0.operID, $0) }),
        now: testEpoch.addingTimeInterval(secondsAfterPush), failUsers: failUsers)
    return UploadRuleChecker.check(body: body, context: context)
}

private func rejection(_ result: Result<AcceptedUpload, UploadRejection>) throws -> UploadRejection {
    guard case .failure(let rejection) = result else {
        throw TestDeviceError(description: "expected a rejection, got \(result)")
    }
    return rejection
}

private func accepted(_ result: Result<AcceptedUpload, UploadRejection>) throws -> AcceptedUpload {
    switch result {
    case .success(let upload): return upload
    case .failure(let rejection):
        throw TestDeviceError(description: "expected acceptance, got \(rejection.errcode): \(rejection.reason)")
    }
}

/// A successful enrollment result for op-1 with one fingerprint in `slot`.
private func result(
    userid: String = "zhangsan", slot: JSONValue = 0, data: String = templateBase64(),
    algorithm: JSONValue? = "zfm-module-char-v1"
) -> JSONValue {
    var user: [String: JSONValue] = [
        "userid": .string(userid), "user_type": 0, "fp": [["id": slot, "data": .string(data)]],
    ]
    if let algorithm { user["fp_algorithm"] = algorithm }
    return ["oper_id": "op-1", "errcode": 0, "errmsg": "ok", "userinfo": [.object(user)]]
}

/// A re-push (no oper_id) of `users`.
private func repush(_ users: [JSONValue]) -> JSONValue { ["userinfo": .array(users)] }

@Suite("Upload rule checker")
struct UploadRuleCheckerTests {
    @Test func acceptsAValidEnrollmentResult() throws {
        let upload = try accepted(check(result(slot: 3)))
        #expect(upload.operID == "op-1")
        #expect(upload.resultErrcode == 0)
        #expect(upload.elapsedMs == 10_000)
        #expect(upload.failed.isEmpty)
        let user = try #require(upload.applied.first)
        #expect(user.userid == "zhangsan")
        #expect(user.fpAlgorithm == "zfm-module-char-v1")
        #expect(user.updates == [UploadSlotUpdate(pageType: .fingerprint, slot: 3, data: templateBytes())])
    }

    @Test func rejectsAMissingReqID() throws {
        let rejected = try rejection(check(result(), reqID: nil))
        #expect(rejected.errcode == CloudErrorCode.invalidRequestID)
        #expect(rejected.reason == "headers.req_id is missing")
        #expect(rejected.operID == nil)
    }

    @Test func rejectsARepeatedReqID() throws {
        let rejected = try rejection(check(result(), reqID: "r-1", seen: ["r-1"]))
        #expect(rejected.errcode == CloudErrorCode.invalidRequestID)
        #expect(rejected.reason.contains("\"r-1\" repeated"))
    }

    @Test func rejectsABodyWithoutUserinfo() throws {
        #expect(
            try rejection(check(["oper_id": "op-1", "errcode": 0, "errmsg": "ok"])).reason == "userinfo is required")
        #expect(try rejection(check(["userinfo": "zhangsan"])).reason == "userinfo must be an array, got string")
        #expect(try rejection(check(.array([]))).reason.contains("body must be an object"))
    }

    @Test func rejectsMoreThan200Users() throws {
        let user: JSONValue = ["userid": "lisi"]
        #expect(throws: Never.self) { try accepted(check(repush(Array(repeating: user, count: 200)))) }
        let rejected = try rejection(check(repush(Array(repeating: user, count: 201))))
        #expect(rejected.errcode == CloudErrorCode.tooManyItems)
        #expect(rejected.reason == "userinfo has 201 users; at most 200 per call")
    }

    @Test func rejectsUseridsOutside1To128Bytes() throws {
        let empty = try rejection(check(repush([["userid": ""]])))
        #expect(empty.reason == "userinfo[0].userid must be 1-128 bytes, got 0")
        let long = try rejection(
            check(repush([["userid": ""], ["userid": .string(String(repeating: "u", count: 129))]])))
        #expect(long.reason.contains("userid must be 1-128 bytes"))
        let missing = try rejection(check(repush([["user_type": 0]])))
        #expect(missing.reason == "userinfo[0].userid is required")
        // 128 bytes is allowed (the member is unknown, so it fails individually instead).
        let upload = try accepted(check(repush([["userid": .string(String(repeating: "u", count: 128))]])))
        #expect(upload.failed.count == 1)
    }

    @Test func rejectsUserTypesOtherThan0To2() throws {
        let rejected = try rejection(check(repush([["userid": "lisi", "user_type": 3]])))
        #expect(rejected.errcode == CloudErrorCode.invalidParameter)
        #expect(rejected.reason == "userinfo[0].user_type must be 0, 1 or 2, got 3")
        let upload = try accepted(check(repush([["userid": "visitor/1000", "user_type": "1"]])))
        #expect(upload.applied.first?.userType == 1)
    }

    @Test func rejectsFingerprintIdsOutside0To9() throws {
        let rejected = try rejection(check(result(slot: 10)))
        #expect(rejected.reason == "userinfo[0].fp[0].id must be 0-9, got 10")
        #expect(try rejection(check(result(slot: -1))).reason.contains("must be 0-9, got -1"))
        #expect(try rejection(check(result(slot: "one"))).reason.contains("must be 0-9, got \"one\""))
        let asString = try accepted(check(result(slot: "9")))
        #expect(asString.applied.first?.updates.first?.slot == 9)
    }

    @Test func rejectsFaceIdsOutside0To11() throws {
        let face: (JSONValue) -> JSONValue = { id in
            repush([
                [
                    "userid": "lisi", "fa_algorithm": "face-v2",
                    "fa_list": [["id": id, "data": .string(templateBase64(count: 1024))]],
                ]
            ])
        }
        #expect(try rejection(check(face(12))).reason == "userinfo[0].fa_list[0].id must be 0-11, got 12")
        #expect(try accepted(check(face(11))).applied.first?.updates.first?.slot == 11)
        #expect(try accepted(check(face("11"))).applied.first?.updates.first?.pageType == .face)
    }

    @Test func rejectsDataThatIsNotBase64() throws {
        let rejected = try rejection(check(result(data: "not base64!")))
        #expect(rejected.errcode == CloudErrorCode.invalidBase64)
        #expect(rejected.reason == "userinfo[0].fp[0].data is not valid base64")
        #expect(rejected.operID == "op-1")
    }

    @Test func emptyDataWithoutOperationIsADeletion() throws {
        let upload = try accepted(check(repush([["userid": "lisi", "fp": [["id": 2, "data": ""]]]])))
        #expect(upload.applied.first?.updates == [UploadSlotUpdate(pageType: .fingerprint, slot: 2, data: nil)])
    }

    @Test func rejectsAnAllEmptySuccessResult() throws {
        let rejected = try rejection(check(result(data: "")))
        #expect(rejected.errcode == CloudErrorCode.emptyResult)
        #expect(rejected.reason.contains("every template slot is empty"))
        let noSlots: JSONValue = [
            "oper_id": "op-1", "errcode": 0, "errmsg": "ok", "userinfo": [["userid": "zhangsan"]],
        ]
        #expect(try rejection(check(noSlots)).errcode == CloudErrorCode.emptyResult)
    }

    @Test func acceptsAFailureResultWithoutTemplates() throws {
        let failure: JSONValue = [
            "oper_id": "op-1", "errcode": 102, "errmsg": "录入超时", "userinfo": [["userid": "zhangsan", "user_type": 0]],
        ]
        let upload = try accepted(check(failure))
        #expect(upload.resultErrcode == 102)
        #expect(upload.resultErrmsg == "录入超时")
        #expect(upload.applied.first?.updates.isEmpty == true)
    }

    @Test(
        arguments: [
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "PNG"),
            ([0xFF, 0xD8, 0xFF, 0xE0], "JPEG"),
            ([0x49, 0x49, 0x2A, 0x00], "TIFF"),
            ([0x4D, 0x4D, 0x00, 0x2A], "TIFF"),
            ([0x42, 0x4D, 0x36, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x36, 0x00, 0x00, 0x00], "BMP"),
            ([0x50, 0x35, 0x0A], "PNM (P5)"),
            ([0x50, 0x36, 0x20], "PNM (P6)"),
        ] as [([UInt8], String)])
    func rejectsImageMagic(magic: [UInt8], format: String) throws {
        let bytes = Data(magic) + templateBytes(count: 400)
        let rejected = try rejection(check(result(data: bytes.base64EncodedString())))
        #expect(rejected.errcode == CloudErrorCode.imageNotTemplate)
        #expect(rejected.reason == "userinfo[0].fp[0].data: \(format) image data, not a template")
    }

    @Test(arguments: [36_864, 73_728, 145_112, 110_592, 307_200, 614_400, 76_800, 153_600])
    func rejectsRawFrameSizes(size: Int) throws {
        let rejected = try rejection(check(result(data: templateBase64(count: size))))
        #expect(rejected.errcode == CloudErrorCode.imageNotTemplate)
        #expect(rejected.reason.contains("size \(size) bytes equals a raw"))
    }

    @Test func rejectsOversizedTemplatesBySizeHeuristic() throws {
        let fingerprint = try rejection(check(result(data: templateBase64(count: 4097))))
        #expect(fingerprint.reason.contains("size heuristic: 4097 bytes exceeds 4096 bytes for a fp template"))
        #expect(throws: Never.self) { try accepted(check(result(data: templateBase64(count: 4096)))) }
        let face: (Int) -> JSONValue = { count in
            repush([["userid": "lisi", "fa_list": [["id": 0, "data": .string(templateBase64(count: count))]]]])
        }
        #expect(throws: Never.self) { try accepted(check(face(8192))) }
        #expect(try rejection(check(face(8193))).reason.contains("exceeds 8192 bytes for a fa template"))
    }

    @Test func rejectsASmoothGreyRun() throws {
        // A 1000-byte horizontal gradient with gentle noise: typical of image pixels.
        let gradient = Data((0..<1000).map { (index: Int) -> UInt8 in UInt8(60 + index / 8 + index % 3) })
        let rejected = try rejection(check(result(data: gradient.base64EncodedString())))
        #expect(rejected.reason.contains("grey-run heuristic"))
        // Zero padding after a template (as ISO records have) is not a grey run.
        let padded = templateBytes(count: 300) + Data(count: 700)
        #expect(throws: Never.self) { try accepted(check(result(data: padded.base64EncodedString()))) }
    }

    @Test func marksAResultAfter60SecondsLate() throws {
        let late = try rejection(check(result(), secondsAfterPush: 61))
        #expect(late.isLate)
        #expect(late.errcode == CloudErrorCode.resultTooLate)
        #expect(late.operID == "op-1")
        #expect(late.elapsedMs == 61_000)
        #expect(late.reason == "result for oper_id op-1 arrived 61 s after the push; limit is 60 s")
        #expect(throws: Never.self) { try accepted(check(result(), secondsAfterPush: 60)) }
    }

    @Test func rejectsUnknownForeignAnsweredOrCancelledOperations() throws {
        let unknown = try rejection(check(result(), operations: []))
        #expect(unknown.errcode == CloudErrorCode.invalidOperation)
        #expect(unknown.reason == "oper_id \"op-1\" is unknown")
        #expect(unknown.operID == nil)
        let foreign = try rejection(check(result(), operations: [pendingOperation(sn: "SN2")]))
        #expect(foreign.reason == "oper_id op-1 belongs to another device")
        let answered = try rejection(check(result(), operations: [pendingOperation(status: .accepted)]))
        #expect(answered.reason == "oper_id op-1 already answered (status accepted)")
        let cancelled = try rejection(check(result(), operations: [pendingOperation(status: .cancelled)]))
        #expect(cancelled.reason == "oper_id op-1 was cancelled")
    }

    @Test func rejectsAUseridThatDoesNotMatchTheOperation() throws {
        let rejected = try rejection(check(result(userid: "lisi")))
        #expect(rejected.errcode == CloudErrorCode.invalidOperation)
        #expect(rejected.reason == "userid lisi does not match oper_id op-1, which is for userid zhangsan")
        #expect(rejected.operID == "op-1")
    }

    @Test func rejectsOperIDWithoutErrcodeOrErrmsgAndTheReverse() throws {
        let noErrcode: JSONValue = ["oper_id": "op-1", "errmsg": "ok", "userinfo": [["userid": "zhangsan"]]]
        #expect(try rejection(check(noErrcode)).reason == "oper_id given without errcode")
        let neither: JSONValue = ["oper_id": "op-1", "userinfo": [["userid": "zhangsan"]]]
        #expect(try rejection(check(neither)).reason == "oper_id given without errcode and errmsg")
        let noOperID: JSONValue = ["errcode": 0, "errmsg": "ok", "userinfo": [["userid": "zhangsan"]]]
        let reverse = try rejection(check(noOperID))
        #expect(reverse.errcode == CloudErrorCode.invalidParameter)
        #expect(reverse.reason == "errcode and errmsg given without oper_id")
    }

    @Test func fingerprintWithoutAlgorithmIsTheDefault() throws {
        let upload = try accepted(check(result(algorithm: nil)))
        #expect(upload.applied.first?.fpAlgorithm == nil)
        #expect(throws: Never.self) { try accepted(check(result(algorithm: "default"))) }
    }

    @Test func rejectsAnAlgorithmNotDeclaredAtSubscribe() throws {
        let rejected = try rejection(check(result(algorithm: "other-vendor-v9")))
        #expect(rejected.errcode == CloudErrorCode.undeclaredAlgorithm)
        #expect(rejected.reason.contains("fp_algorithm \"other-vendor-v9\" was not declared at subscribe_corp"))
        let face = repush([
            ["userid": "lisi", "fa_algorithm": "face-v3", "fa_list": [["id": 0, "data": .string(templateBase64())]]]
        ])
        #expect(try rejection(check(face)).reason.contains("fa_algorithm \"face-v3\" was not declared"))
    }

    @Test func failingUsersGoToFailListWhileTheRestSucceed() throws {
        let users: [JSONValue] = [
            ["userid": "zhangsan", "fp": [["id": 0, "data": .string(templateBase64(seed: 1))]]],
            ["userid": "ghost", "fp": [["id": 0, "data": .string(templateBase64(seed: 2))]]],
            ["userid": "lisi", "fp": [["id": 1, "data": .string(templateBase64(seed: 3))]]],
        ]
        let upload = try accepted(check(repush(users), failUsers: ["lisi"]))
        #expect(upload.applied.map(\.userid) == ["zhangsan"])
        #expect(
            upload.failed == [
                UploadFailedUser(userid: "ghost", reason: "userid ghost is not a member of the corp"),
                UploadFailedUser(userid: "lisi", reason: "userid lisi failed by fault injection"),
            ])
    }

    @Test func acceptsARepushWithoutOperationForAKnownMember() throws {
        let upload = try accepted(
            check(
                repush([
                    [
                        "userid": "lisi", "fp_algorithm": "zfm-module-char-v1",
                        "fp": [["id": 4, "data": .string(templateBase64(seed: 9))]],
                    ]
                ])))
        #expect(upload.operID == nil)
        #expect(upload.elapsedMs == nil)
        #expect(
            upload.applied.first?.updates == [
                UploadSlotUpdate(pageType: .fingerprint, slot: 4, data: templateBytes(seed: 9))
            ])
    }

    @Test func legacyFaceFieldIsIgnoredWhenFaListIsPresent() throws {
        let both = repush([
            ["userid": "lisi", "fa": "not base64!", "fa_list": [["id": 5, "data": .string(templateBase64())]]]
        ])
        #expect(try accepted(check(both)).applied.first?.updates.map(\.slot) == [5])
        let legacy = repush([["userid": "lisi", "fa": .string(templateBase64())]])
        #expect(
            try accepted(check(legacy)).applied.first?.updates == [
                UploadSlotUpdate(pageType: .face, slot: 0, data: templateBytes())
            ])
    }
}

@Suite("Upload rule checker: slot items")
struct UploadSlotItemTests {
    @Test func itemWithoutDataChangesNothing() throws {
        let body: JSONValue = ["userinfo": [["userid": "lisi", "fp": [["id": 3]]]]]
        let context = UploadCheckContext(sn: "SN1", reqID: "r", members: ["lisi"], now: testEpoch)
        guard case .success(let upload) = UploadRuleChecker.check(body: body, context: context) else {
            Issue.record("an item without data must be accepted")
            return
        }
        #expect(upload.applied.first?.updates.isEmpty == true)
    }

    @Test func itemWithoutIdIsRejected() {
        let body: JSONValue = ["userinfo": [["userid": "lisi", "fp": [["data": ""]]]]]
        let context = UploadCheckContext(sn: "SN1", reqID: "r", members: ["lisi"], now: testEpoch)
        guard case .failure(let rejection) = UploadRuleChecker.check(body: body, context: context) else {
            Issue.record("an item without id must be rejected")
            return
        }
        #expect(rejection.reason == "userinfo[0].fp[0].id is required")
    }
}
