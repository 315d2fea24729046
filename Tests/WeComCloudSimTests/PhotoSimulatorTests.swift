import Foundation
import JSONSupport
import Testing

@testable import WeComCloudSim

/// Served-photo detection, the photo rules of the upload checker, the binary frame layout and the
/// `push_user_face` / `enroll_photo` admin surface.
@Suite("Photo enrollment (simulator)", .timeLimit(.minutes(5)))
struct PhotoSimulatorTests {
    private let photo = photoBytes(count: 6_000, seed: 21)
    private var known: KnownPhoto { KnownPhoto(mediaID: "media-x", bytes: photo) }

    // MARK: Served-photo detection

    @Test func photoItselfAndPhotoWithAPrefixAreFlagged() {
        #expect(
            TemplateImageDetector.photoReason(photo, photos: [known])
                == "equals the photo served as media_id media-x, not a template")
        let wrapped = Data([1, 2, 3, 4, 5]) + photo + Data([9])
        #expect(
            TemplateImageDetector.photoReason(wrapped, photos: [known])
                == "contains the photo served as media_id media-x at offset 5, not a template")
    }

    @Test func anyPieceOfSixtyThreeBytesIsFlagged() throws {
        for start in [0, 17, 1_000, 5_900] {
            let piece = Data(photo[start..<(start + 2 * KnownPhoto.windowBytes - 1)])
            let reason = try #require(TemplateImageDetector.photoReason(piece, photos: [known]), "piece at \(start)")
            #expect(reason.contains("of the photo served as media_id media-x"))
        }
    }

    @Test func templatesAndOtherPhotosAreNotFlagged() {
        #expect(TemplateImageDetector.photoReason(templateBytes(count: 512, seed: 5), photos: [known]) == nil)
        #expect(TemplateImageDetector.photoReason(photoBytes(seed: 22), photos: [known]) == nil)
        #expect(TemplateImageDetector.photoReason(Data(), photos: [known]) == nil)
        #expect(TemplateImageDetector.photoReason(Data(photo.prefix(20)), photos: [known]) == nil)
        #expect(TemplateImageDetector.photoReason(photo, photos: []) == nil)
    }

    @Test func paddingRunsShareNothingWithAPhotoThatHasThem() {
        let padded = photo + Data(repeating: 0, count: 256)
        let paddedPhoto = KnownPhoto(mediaID: "m", bytes: padded)
        let template = templateBytes(count: 300, seed: 6) + Data(repeating: 0, count: 200)
        #expect(TemplateImageDetector.photoReason(template, photos: [paddedPhoto]) == nil)
    }

    // MARK: Upload rule checker

    private func faceOperation(slots: [Int] = [2]) -> CloudOperation {
        CloudOperation(
            operID: "op-f", sn: "SN1", userid: "zhangsan", userType: 0, pageType: .face, pushedAt: testEpoch,
            status: .pending, trigger: .userFace,
            photos: slots.map {
                CloudOperationPhoto(slot: $0, mediaID: "media-x", mediaType: "image/jpeg", size: 6_000, downloads: 1)
            })
    }

    private func check(_ data: Data, slot: Int = 2, key: String = "fa_list", operation: CloudOperation? = nil)
        -> Result<AcceptedUpload, UploadRejection>
    {
        let operation = operation ?? faceOperation()
        let body: JSONValue = [
            "oper_id": "op-f", "errcode": 0, "errmsg": "ok",
            "userinfo": [
                [
                    "userid": "zhangsan", "fa_algorithm": "face-v2", "fp_algorithm": "zfm-module-char-v1",
                    key: [["id": .integer(Int64(slot)), "data": .string(data.base64EncodedString())]],
                ]
            ],
        ]
        let context = UploadCheckContext(
            sn: "SN1", reqID: "r-1", fpAlgorithms: ["zfm-module-char-v1"], faAlgorithms: ["face-v2"],
            members: ["zhangsan"],
            operations: ["op-f": operation], now: testEpoch.addingTimeInterval(5), servedPhotos: [known])
        return UploadRuleChecker.check(body: body, context: context)
    }

    private func rejection(_ result: Result<AcceptedUpload, UploadRejection>) throws -> UploadRejection {
        guard case .failure(let rejection) = result else {
            throw TestDeviceError(description: "expected a rejection, got \(result)")
        }
        return rejection
    }

    @Test func checkerRejectsThePhotoBeforeTheGenericImageRules() throws {
        let rejected = try rejection(check(photo))
        #expect(rejected.errcode == CloudErrorCode.imageNotTemplate)
        #expect(
            rejected.reason
                == "userinfo[0].fa_list[0].data: equals the photo served as media_id media-x, not a template")
        #expect(rejected.operID == "op-f")
    }

    @Test func checkerRejectsAPhotoPieceInAnyModality() throws {
        let piece = Data(photo[100..<600])
        #expect(try rejection(check(piece)).errcode == CloudErrorCode.imageNotTemplate)
        let asFingerprint = try rejection(check(piece, slot: 0, key: "fp", operation: faceOperation()))
        #expect(asFingerprint.errcode == CloudErrorCode.imageNotTemplate)
        #expect(asFingerprint.reason.hasPrefix("userinfo[0].fp[0].data: contains bytes"))
    }

    @Test func checkerAcceptsATemplateInAPushedSlot() throws {
        guard case .success(let upload) = check(templateBytes(count: 512, seed: 8)) else {
            Issue.record("a template in the pushed slot was rejected")
            return
        }
        #expect(upload.operID == "op-f")
    }

    @Test func checkerWantsFacesInThePushedSlotsOnly() throws {
        let wrongSlot = try rejection(check(templateBytes(), slot: 3))
        #expect(wrongSlot.errcode == CloudErrorCode.invalidOperation)
        #expect(wrongSlot.reason == "userinfo[0].fa_list id 3 was not among face_info ids [2] of oper_id op-f")
        let fingerprint = try rejection(check(templateBytes(), slot: 2, key: "fp"))
        #expect(fingerprint.reason == "userinfo[0].fp: oper_id op-f is a push_user_face (faces only)")
    }

    // MARK: Binary frame

    private func le(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }

    @Test func frameLayoutAndItsFaults() {
        let data = Data([0xFF, 0xD8, 0xFF, 1, 2, 3])
        let header = le(3) + Array("r-9".utf8) + le(UInt32(data.count))
        #expect(CloudSimulator.photoFrame(reqID: "r-9", data: data, fault: nil) == Data(le(1) + header) + data)
        #expect(
            CloudSimulator.photoFrame(reqID: "r-9", data: data, fault: .wrongFormatVersion) == Data(le(2) + header)
                + data)
        #expect(
            CloudSimulator.photoFrame(reqID: "r-9", data: data, fault: .truncatedFrame) == Data(le(1) + header)
                + data.prefix(3))
        #expect(
            CloudSimulator.photoFrame(reqID: "r-9", data: data, fault: .trailingBytes) == Data(le(1) + header) + data
                + Data([0, 0, 0, 0]))
        let foreign = CloudSimulator.photoFrame(reqID: "r-9", data: data, fault: .unknownReqID)
        #expect(foreign == Data(le(1) + le(7) + Array("not-r-9".utf8) + le(UInt32(data.count))) + data)
    }

    // MARK: pushUserFace and the admin route

    @Test func pushUserFaceValidatesItsInput() async throws {
        try await withSimulator { simulator, _, _ in
            let sn = DeviceFixture().sn
            let good = photoBytes()
            let cases: [([(slot: Int, jpeg: Data)], String)] = [
                ([], "photos"),
                ((0...12).map { (slot: $0, jpeg: good) }, "photos"),
                ([(slot: 12, jpeg: good)], "photos[0].slot"),
                ([(slot: 1, jpeg: good), (slot: 1, jpeg: good)], "photos[1].slot"),
                ([(slot: 0, jpeg: Data())], "photos[0].jpeg"),
                ([(slot: 0, jpeg: templateBytes())], "photos[0].jpeg"),
            ]
            for (photos, field) in cases {
                do {
                    _ = try await simulator.pushUserFace(sn: sn, userid: "zhangsan", photos: photos)
                    Issue.record("\(field): invalid photos were pushed")
                } catch let error as CloudSimError {
                    #expect(error.field == field, "\(error)")
                    #expect(error.description.contains("expected"))
                }
            }
            await #expect(throws: CloudSimError.unknownMember(userid: "nobody")) {
                _ = try await simulator.pushUserFace(sn: sn, userid: "nobody", photos: [(slot: 0, jpeg: good)])
            }
            await #expect(throws: CloudSimError.deviceNotBound(sn: sn)) {
                _ = try await simulator.pushUserFace(sn: sn, userid: "zhangsan", photos: [(slot: 0, jpeg: good)])
            }
            #expect(await simulator.operations().isEmpty)
        }
    }

    @Test func adminEnrollPhotoRouteAndPhotoFault() async throws {
        try await withSimulator { simulator, port, _ in
            let admin = AdminClient(port: port)
            let fixture = DeviceFixture()
            let photo = photoBytes()
            let missing = try await admin.call(
                "POST", "/admin/enroll_photo", json: ["sn": .string(fixture.sn), "userid": "zhangsan"])
            #expect(missing.status == 400)
            #expect(missing.json["field"] == "photos")
            let badBase64 = try await admin.call(
                "POST", "/admin/enroll_photo",
                json: ["sn": .string(fixture.sn), "userid": "zhangsan", "photos": [["slot": 0, "jpeg_base64": "%%%"]]])
            #expect(badBase64.status == 400)
            #expect(badBase64.json["field"] == "photos[0].jpeg_base64")
            let badFault = try await admin.call("POST", "/admin/faults", json: ["photo_fault": "melted"])
            #expect(badFault.status == 400)
            #expect(badFault.json["field"] == "photo_fault")
            let setFault = try await admin.call("POST", "/admin/faults", json: ["photo_fault": "truncated_frame"])
            #expect(setFault.status == 200)
            #expect(await simulator.faults.photoFault == .truncatedFrame)
            _ = try await admin.call("POST", "/admin/faults", json: ["photo_fault": "none"])
            #expect(await simulator.faults.photoFault == nil)

            try await withDevice(port: port) { device in
                try await device.logIn(fixture, simulator: simulator, now: testEpoch)
                let created = try await admin.call(
                    "POST", "/admin/enroll_photo",
                    json: [
                        "sn": .string(fixture.sn), "userid": "zhangsan",
                        "photos": [["slot": 5, "jpeg_base64": .string(photo.base64EncodedString())]],
                    ])
                #expect(created.status == 201)
                let operID = try #require(created.json["oper_id"]?.stringValue)
                let mediaID = try #require(created.json["media_ids"]?.arrayValue?.first?.stringValue)
                let push = try await device.nextPush()
                #expect(push["cmd"] == "push_user_face")
                #expect(push["body"]?["oper_id"]?.stringValue == operID)
                #expect(push["body"]?["user_type"] == 0)
                #expect(
                    push["body"]?["face_info"] == [
                        [
                            "id": 5, "media_id": .string(mediaID), "media_type": "image/jpeg",
                            "photo_size": .integer(Int64(photo.count)),
                        ]
                    ])
                let noVersion = try await device.request("download_photo", body: ["media_id": .string(mediaID)])
                #expect(noVersion["errcode"] == .integer(Int64(CloudErrorCode.invalidParameter)))
                #expect(noVersion["errmsg"] == "body.format_version: expected 1, but it is missing")
                let version2 = try await device.request(
                    "download_photo", body: ["media_id": .string(mediaID), "format_version": 2])
                #expect(version2["errmsg"] == "body.format_version: expected 1, got 2")
                let noMedia = try await device.request("download_photo", body: ["format_version": 1])
                #expect(noMedia["errmsg"]?.stringValue?.hasPrefix("body.media_id: expected") == true)
            }
            let operation = try #require(await simulator.operations().first)
            let listed = try await admin.call("GET", "/admin/operations/\(operation.operID)")
            #expect(listed.json["trigger"] == "push_user_face")
            #expect(listed.json["photos"]?.arrayValue?.first?["slot"] == 5)
        }
    }

    @Test func downloadNeedsALoggedInDevice() async throws {
        try await withSimulator { _, port, _ in
            try await withDevice(port: port) { device in
                let answer = try await device.request("download_photo", body: ["media_id": "m", "format_version": 1])
                #expect(answer["errcode"] == .integer(Int64(CloudErrorCode.notLoggedIn)))
            }
        }
    }
}
