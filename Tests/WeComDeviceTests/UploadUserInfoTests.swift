import Biometrics
import Foundation
import JSONSupport
import Testing
import WeComDevice

@Suite struct UploadUserInfoTests {
    private let template = Data([1, 2, 3, 250])
    private func user(_ name: String = "zhangsan") throws -> UserID { try UserID(name) }

    private func expectInvalid(
        _ upload: UploadUserInfo, field: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            try upload.validate()
            Issue.record("expected a validation error on \(field)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.field == field, sourceLocation: sourceLocation)
            #expect(error.description.hasPrefix("\(field): expected"), sourceLocation: sourceLocation)
        }
    }

    private func fingerprintEntry(slot: Int, data: Data? = nil) throws -> UploadUserEntry {
        UploadUserEntry(
            userid: try user(),
            fingerprints: UploadTemplateSet(algorithm: .zfmModule, slots: [.store(id: slot, data: data ?? template)]))
    }

    @Test func successBodyHasTheWireShape() throws {
        let upload = UploadUserInfo(result: .success(operID: "op-7"), users: [try fingerprintEntry(slot: 3)])
        let body = try upload.validatedBody()
        #expect(
            JSONValue.object(body)
                == [
                    "oper_id": "op-7", "errcode": 0, "errmsg": "ok",
                    "userinfo": [
                        [
                            "userid": "zhangsan", "user_type": 0, "fp_algorithm": "zfm-module-char-v1",
                            "fp": [["id": 3, "data": .string(template.base64EncodedString())]],
                        ]
                    ],
                ])
    }

    @Test func slotIdsAreSentAsJSONNumbers() throws {
        let upload = UploadUserInfo(users: [
            UploadUserEntry(
                userid: try user(),
                faces: UploadTemplateSet(algorithm: .init("face-v1"), slots: [.store(id: 11, data: template)]))
        ])
        let text = RequestEnvelope(cmd: UploadUserInfo.cmd, reqID: "r", body: try upload.validatedBody()).encoded()
        #expect(text.contains(#""id":11"#))
        #expect(!text.contains(#""id":"11""#))
        let parsed = try RequestEnvelope.decode(text)
        guard case .array(let users)? = parsed.body?["userinfo"], case .object(let entry)? = users.first,
            case .array(let faces)? = entry["fa_list"], case .object(let face)? = faces.first
        else {
            Issue.record("unexpected shape \(text)")
            return
        }
        #expect(face["id"] == .integer(11))
    }

    @Test func withoutResultNoOperIDErrcodeOrErrmsgIsSent() throws {
        let body = try UploadUserInfo(users: [try fingerprintEntry(slot: 0)]).validatedBody()
        #expect(body["oper_id"] == nil && body["errcode"] == nil && body["errmsg"] == nil)
    }

    @Test func userCountMustBe1To200() throws {
        let entry = try fingerprintEntry(slot: 0)
        expectInvalid(UploadUserInfo(users: Array(repeating: entry, count: 201)), field: "userinfo")
        expectInvalid(UploadUserInfo(users: []), field: "userinfo")
        #expect(throws: Never.self) { try UploadUserInfo(users: Array(repeating: entry, count: 200)).validate() }
    }

    @Test func fingerprintSlot10AndFaceSlot12AreRejected() throws {
        expectInvalid(UploadUserInfo(users: [try fingerprintEntry(slot: 10)]), field: "userinfo[0].fp[0].id")
        expectInvalid(UploadUserInfo(users: [try fingerprintEntry(slot: -1)]), field: "userinfo[0].fp[0].id")
        let face12 = UploadUserEntry(
            userid: try user(), faces: UploadTemplateSet(algorithm: .default, slots: [.store(id: 12, data: template)]))
        expectInvalid(
            UploadUserInfo(users: [try fingerprintEntry(slot: 9), face12]), field: "userinfo[1].fa_list[0].id")
        let face11 = UploadUserEntry(
            userid: try user(), faces: UploadTemplateSet(algorithm: .default, slots: [.store(id: 11, data: template)]))
        #expect(throws: Never.self) { try UploadUserInfo(users: [try fingerprintEntry(slot: 9), face11]).validate() }
    }

    @Test func emptyDataIsNotADeleteButExplicitDeleteIs() throws {
        expectInvalid(
            UploadUserInfo(users: [try fingerprintEntry(slot: 2, data: Data())]), field: "userinfo[0].fp[0].data")
        let delete = UploadUserEntry(
            userid: try user(), fingerprints: UploadTemplateSet(algorithm: .zfmModule, slots: [.delete(id: 2)]))
        let body = try UploadUserInfo(users: [delete]).validatedBody()
        #expect(
            body["userinfo"] == [
                [
                    "userid": "zhangsan", "user_type": 0, "fp_algorithm": "zfm-module-char-v1",
                    "fp": [["id": 2, "data": ""]],
                ]
            ])
    }

    @Test func failureEntryCarriesOnlyUseridAndUserType() throws {
        let upload = UploadUserInfo(
            result: UploadUserInfo.OperationResult(operID: "op-1", errcode: 102, errmsg: "录入超时"),
            users: [.failure(userid: try user("visitor/100"), userType: .visitor)])
        let body = try upload.validatedBody()
        #expect(body["userinfo"] == [["userid": "visitor/100", "user_type": 1]])
        #expect(body["errcode"] == 102)
        #expect(body["errmsg"] == "录入超时")
    }

    @Test func resultTripleIsValidated() throws {
        let entry = try fingerprintEntry(slot: 0)
        expectInvalid(UploadUserInfo(result: .success(operID: ""), users: [entry]), field: "oper_id")
        expectInvalid(
            UploadUserInfo(
                result: UploadUserInfo.OperationResult(operID: "o", errcode: 104, errmsg: ""), users: [entry]),
            field: "errmsg")
    }

    @Test func duplicateSlotsEmptySetsAndEmptyAlgorithmAreRejected() throws {
        let duplicate = UploadUserEntry(
            userid: try user(),
            fingerprints: UploadTemplateSet(
                algorithm: .zfmModule, slots: [.store(id: 1, data: template), .delete(id: 1)]))
        expectInvalid(UploadUserInfo(users: [duplicate]), field: "userinfo[0].fp[1].id")
        let empty = UploadUserEntry(
            userid: try user(), fingerprints: UploadTemplateSet(algorithm: .zfmModule, slots: []))
        expectInvalid(UploadUserInfo(users: [empty]), field: "userinfo[0].fp")
        let noAlgorithm = UploadUserEntry(
            userid: try user(), faces: UploadTemplateSet(algorithm: .init(""), slots: [.store(id: 0, data: template)]))
        expectInvalid(UploadUserInfo(users: [noAlgorithm]), field: "userinfo[0].fa_algorithm")
    }

    @Test func entryFromStoredTemplatesGroupsByModalityAndRejectsMixedAlgorithms() throws {
        let userid = try user()
        let fp = StoredTemplate(
            userid: userid, slot: SlotID(.fingerprint, 4)!,
            template: Template(modality: .fingerprint, algorithm: .zfmModule, data: template))
        let face = StoredTemplate(
            userid: userid, slot: SlotID(.face, 0)!,
            template: Template(modality: .face, algorithm: .init("face-v1"), data: template))
        let entry = try UploadUserEntry(userid: userid, storing: [fp, face])
        #expect(entry.fingerprints == UploadTemplateSet(algorithm: .zfmModule, slots: [.store(id: 4, data: template)]))
        #expect(entry.faces == UploadTemplateSet(algorithm: .init("face-v1"), slots: [.store(id: 0, data: template)]))

        let other = StoredTemplate(
            userid: userid, slot: SlotID(.fingerprint, 5)!,
            template: Template(modality: .fingerprint, algorithm: .default, data: template))
        let error = #expect(throws: RequestFieldError.self) {
            try UploadUserEntry(userid: userid, storing: [fp, other])
        }
        #expect(error?.field == "fp_algorithm")
    }

    @Test func entryFromSlotChangesMixesStoresAndDeletesInSlotOrder() throws {
        let userid = try user()
        let entry = try UploadUserEntry(
            userid: userid,
            changes: [
                SlotChange(slot: SlotID(.fingerprint, 7)!, algorithm: .zfmModule, data: nil),
                SlotChange(slot: SlotID(.fingerprint, 2)!, algorithm: .zfmModule, data: template),
            ])
        #expect(
            entry.fingerprints
                == UploadTemplateSet(algorithm: .zfmModule, slots: [.store(id: 2, data: template), .delete(id: 7)]))
        #expect(entry.faces == nil)
        let body = try UploadUserInfo(users: [entry]).validatedBody()
        let json = String(decoding: try JSONEncoder().encode(JSONValue.object(body)), as: UTF8.self)
        #expect(json.contains(#""data":"""#), "the deletion travels as data \"\"")
    }

    @Test func responseFailListAcceptsStringsAndObjects() throws {
        let upload = UploadUserInfo(users: [try fingerprintEntry(slot: 0)])
        let response = ResponseEnvelope(
            reqID: "r", errcode: 0, errmsg: "ok", body: ["fail_list": ["a", ["userid": "b", "user_type": 0]]])
        #expect(
            try upload.decodeResponse(response)
                == UploadUserInfoResponse(errcode: 0, errmsg: "ok", failList: ["a", "b"]))

        let failed = ResponseEnvelope(reqID: "r", errcode: 600021, errmsg: "bad", body: nil)
        let decoded = try upload.decodeResponse(failed)
        #expect(decoded.errcode == 600021 && decoded.failList.isEmpty && !decoded.isCompleteSuccess)

        let malformed = ResponseEnvelope(reqID: "r", body: ["fail_list": [7]])
        #expect(
            throws: WeComError.invalidResponse(
                cmd: "upload_userinfo",
                .wrongType(field: "body.fail_list[0]", expected: "userid string or object with userid", found: "number")
            )
        ) { try upload.decodeResponse(malformed) }
    }

    @Test func subscribeCorpOmitsAbsentModalityAndLimitsAlgorithms() throws {
        let fpOnly = SubscribeCorp(
            secret: "s", firmwareVersion: "1.0", fingerprintAlgorithms: [.zfmModule, .default], faceAlgorithms: [])
        #expect(
            try fpOnly.body()
                == [
                    "secret": "s", "firmware_version": "1.0",
                    "ext_args": ["fp_algorithm": ["zfm-module-char-v1", "default"]],
                ])
        let none = SubscribeCorp(secret: "s", firmwareVersion: "1.0", fingerprintAlgorithms: [], faceAlgorithms: [])
        #expect(try none.body()?["ext_args"] == nil)
        let tooMany = SubscribeCorp(
            secret: "s", firmwareVersion: "1.0", fingerprintAlgorithms: [],
            faceAlgorithms: (0..<6).map { AlgorithmID("a\($0)") })
        #expect(
            throws: WeComError.invalidRequest(
                cmd: "subscribe_corp", reason: "ext_args.fa_algorithm: expected at most 5 entries, got 6")
        ) {
            try tooMany.body()
        }
    }
}
