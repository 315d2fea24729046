import Biometrics
import Foundation
import JSONSupport
import Testing
import WeComDevice

@testable import WeComCloudSim

/// Legacy photo enrollment end to end: the simulator pushes `push_user_face`, the real `WeComClient`
/// downloads the photos over a loopback WebSocket (binary frames) and uploads the result.
@Suite("Photo enrollment over loopback", .timeLimit(.minutes(5)))
struct PhotoEnrollmentOverLoopbackTests {
    private let template = templateBytes(count: 512, seed: 99)

    @Test func pushArrivesDownloadReturnsTheExactBytesAndTheResultIsTracked() async throws {
        try await PhotoTestWorld.run { world in
            let first = photoBytes(seed: 1)
            let second = photoBytes(count: 9_000, seed: 2)
            let operID = try await world.simulator.pushUserFace(
                sn: world.fixture.sn, userid: "zhangsan", photos: [(slot: 3, jpeg: first), (slot: 7, jpeg: second)])

            let command = try await world.nextUserFace()
            #expect(command.operID == operID)
            #expect(command.userid.rawValue == "zhangsan")
            #expect(command.userType == .employee)
            #expect(command.photos.map(\.id) == [3, 7])
            #expect(command.photos.map(\.mediaType) == ["image/jpeg", "image/jpeg"])
            #expect(command.photos.map(\.photoSize) == [Int64(first.count), Int64(second.count)])

            let pending = try #require(await world.simulator.operation(operID))
            #expect(pending.status == .pending)
            #expect(pending.trigger == .userFace)
            #expect(pending.pageType == .face)
            #expect(pending.photos.map(\.mediaID) == command.photos.map(\.mediaID))

            #expect(try await world.client.downloadPhoto(mediaID: command.photos[0].mediaID) == first)
            #expect(try await world.client.downloadPhoto(mediaID: command.photos[1].mediaID) == second)
            let downloaded = try #require(await world.simulator.operation(operID))
            #expect(downloaded.photos.map(\.downloads) == [1, 1])
            #expect(downloaded.status == .pending)

            world.wallClock.advance(by: 12.5)
            let upload = try world.successUpload(command) { _ in template }
            let response = try await world.client.uploadUserInfo(upload)
            #expect(response.errcode == 0)
            let done = try #require(await world.simulator.operation(operID))
            #expect(done.status == .accepted)
            #expect(done.resultErrcode == 0)
            #expect(done.elapsedMs == 12_500)
            let stored = await world.simulator.storedTemplates(userid: "zhangsan")
            #expect(stored.map(\.slot) == [3, 7])
            #expect(stored.allSatisfy { $0.pageType == .face && $0.algorithm == photoTestFaceAlgorithm.rawValue })
        }
    }

    @Test func largestStorablePhotoCrossesTheSocket() async throws {
        try await PhotoTestWorld.run { world in
            let photo = photoBytes(count: CloudSimulator.maxPhotoBytes, seed: 12)
            _ = try await world.simulator.pushUserFace(
                sn: world.fixture.sn, userid: "zhangsan", photos: [(slot: 0, jpeg: photo)])
            let command = try await world.nextUserFace()
            #expect(try await world.client.downloadPhoto(mediaID: command.photos[0].mediaID) == photo)
        }
    }

    @Test func uploadingThePhotoItselfIsRejectedAsAnImage() async throws {
        try await PhotoTestWorld.run { world in
            let photo = photoBytes(seed: 3)
            let operID = try await world.simulator.pushUserFace(
                sn: world.fixture.sn, userid: "lisi", photos: [(slot: 0, jpeg: photo)])
            let command = try await world.nextUserFace()
            let downloaded = try await world.client.downloadPhoto(mediaID: command.photos[0].mediaID)
            let response = try await world.client.uploadUserInfo(try world.successUpload(command) { _ in downloaded })
            #expect(response.errcode == CloudErrorCode.imageNotTemplate)
            #expect(response.errmsg.contains("equals the photo served as media_id \(command.photos[0].mediaID)"))
            let operation = try #require(await world.simulator.operation(operID))
            #expect(operation.status == .rejected)
            #expect(operation.reason?.contains("userinfo[0].fa_list[0].data") == true)
            #expect(await world.simulator.storedTemplates(userid: "lisi").isEmpty)
        }
    }

    @Test func uploadingAPieceOfThePhotoIsRejectedEvenWithoutImageHeaders() async throws {
        try await PhotoTestWorld.run { world in
            let photo = photoBytes(seed: 4)
            let operID = try await world.simulator.pushUserFace(
                sn: world.fixture.sn, userid: "lisi", photos: [(slot: 2, jpeg: photo)])
            let command = try await world.nextUserFace()
            // Noise-like and under the size limit: only the served-photo check can tell.
            let piece = Data(photo[1_000..<3_000])
            #expect(TemplateImageDetector.imageReason(piece, kind: .face) == nil)
            let response = try await world.client.uploadUserInfo(try world.successUpload(command) { _ in piece })
            #expect(response.errcode == CloudErrorCode.imageNotTemplate)
            #expect(response.errmsg.contains("of the photo served as media_id \(command.photos[0].mediaID)"))
            #expect(await world.simulator.operation(operID)?.status == .rejected)
        }
    }

    @Test func resultAfterSixtySecondsIsLate() async throws {
        try await PhotoTestWorld.run { world in
            let operID = try await world.simulator.pushUserFace(
                sn: world.fixture.sn, userid: "zhangsan", photos: [(slot: 0, jpeg: photoBytes(seed: 5))])
            let command = try await world.nextUserFace()
            _ = try await world.client.downloadPhoto(mediaID: command.photos[0].mediaID)
            world.wallClock.advance(by: 61)
            let response = try await world.client.uploadUserInfo(try world.successUpload(command) { _ in template })
            #expect(response.errcode == CloudErrorCode.resultTooLate)
            let operation = try #require(await world.simulator.operation(operID))
            #expect(operation.status == .late)
            #expect(operation.elapsedMs == 61_000)
        }
    }

    @Test func deviceReportedFailureClosesTheOperation() async throws {
        try await PhotoTestWorld.run { world in
            let operID = try await world.simulator.pushUserFace(
                sn: world.fixture.sn, userid: "zhangsan", photos: [(slot: 0, jpeg: photoBytes(seed: 6))])
            let command = try await world.nextUserFace()
            let failure = UploadUserInfo(
                result: .init(operID: operID, errcode: 103, errmsg: "未检测到人脸"),
                users: [.failure(userid: command.userid, userType: command.userType)])
            #expect(try await world.client.uploadUserInfo(failure).errcode == 0)
            let operation = try #require(await world.simulator.operation(operID))
            #expect(operation.status == .rejected)
            #expect(operation.resultErrcode == 103)
            #expect(operation.resultErrmsg == "未检测到人脸")
        }
    }

    @Test func successMustFillThePushedFaceSlots() async throws {
        try await PhotoTestWorld.run { world in
            let operID = try await world.simulator.pushUserFace(
                sn: world.fixture.sn, userid: "zhangsan", photos: [(slot: 4, jpeg: photoBytes(seed: 7))])
            let command = try await world.nextUserFace()
            let wrongSlot = UploadUserInfo(
                result: .success(operID: operID),
                users: [
                    UploadUserEntry(
                        userid: command.userid,
                        faces: UploadTemplateSet(
                            algorithm: photoTestFaceAlgorithm, slots: [.store(id: 5, data: template)]))
                ])
            let response = try await world.client.uploadUserInfo(wrongSlot)
            #expect(response.errcode == CloudErrorCode.invalidOperation)
            #expect(response.errmsg.contains("fa_list id 5 was not among face_info ids [4]"))
            #expect(await world.simulator.operation(operID)?.status == .rejected)
        }
    }

    @Test func unknownMediaIsAJSONErrorAndTheSessionStaysUp() async throws {
        try await PhotoTestWorld.run { world in
            await #expect(
                throws: WeComError.cloudError(
                    cmd: "download_photo", errcode: CloudErrorCode.unknownMedia,
                    errmsg: "media_id \"media-nope\" is unknown or expired")
            ) { try await world.client.downloadPhoto(mediaID: "media-nope") }
            #expect(await world.client.state == .loggedIn)
            let version = try await world.client.send(GetPermVersion())
            #expect(version == Int64(await world.simulator.currentPermVersion()))
        }
    }

    @Test func unservableFaultAnswersKnownMediaWithTheError() async throws {
        try await PhotoTestWorld.run { world in
            _ = try await world.simulator.pushUserFace(
                sn: world.fixture.sn, userid: "zhangsan", photos: [(slot: 0, jpeg: photoBytes(seed: 8))])
            let command = try await world.nextUserFace()
            try await world.simulator.setFaults(CloudFaults(photoFault: .unservable))
            let mediaID = command.photos[0].mediaID
            await #expect(
                throws: WeComError.cloudError(
                    cmd: "download_photo", errcode: CloudErrorCode.unknownMedia,
                    errmsg: "media_id \"\(mediaID)\" is unknown or expired")
            ) { try await world.client.downloadPhoto(mediaID: mediaID) }
            try await world.simulator.setFaults(CloudFaults())
            #expect(try await world.client.downloadPhoto(mediaID: mediaID).count == 6_000)
        }
    }

    @Test func corruptFramesFailOrTimeOutWithoutKillingTheSession() async throws {
        try await PhotoTestWorld.run(requestTimeout: .seconds(2)) { world in
            let photo = photoBytes(seed: 9)
            _ = try await world.simulator.pushUserFace(
                sn: world.fixture.sn, userid: "zhangsan", photos: [(slot: 0, jpeg: photo)])
            let mediaID = try await world.nextUserFace().photos[0].mediaID

            try await world.simulator.setFaults(CloudFaults(photoFault: .truncatedFrame))
            do {
                _ = try await world.client.downloadPhoto(mediaID: mediaID)
                Issue.record("a truncated frame was accepted")
            } catch WeComError.invalidPhotoFrame(_, .truncated(let field, _, let needed, let available)) {
                #expect(field == "data")
                #expect(needed == photo.count)
                #expect(available == photo.count / 2)
            }

            try await world.simulator.setFaults(CloudFaults(photoFault: .trailingBytes))
            do {
                _ = try await world.client.downloadPhoto(mediaID: mediaID)
                Issue.record("a frame with trailing bytes was accepted")
            } catch WeComError.invalidPhotoFrame(_, let error) {
                #expect(error == .trailingBytes(count: 4))
            }

            // A bad header or a foreign req_id cannot be tied to the request: it is dropped, the request times out.
            for fault in [CloudPhotoFault.wrongFormatVersion, .unknownReqID] {
                try await world.simulator.setFaults(CloudFaults(photoFault: fault))
                do {
                    _ = try await world.client.downloadPhoto(mediaID: mediaID)
                    Issue.record("\(fault) was accepted")
                } catch WeComError.timeout(let cmd, _) {
                    #expect(cmd == "download_photo")
                }
            }

            try await world.simulator.setFaults(CloudFaults())
            #expect(await world.client.state == .loggedIn)
            #expect(try await world.client.downloadPhoto(mediaID: mediaID) == photo)
        }
    }

    @Test func mediaIsServedOnlyToTheDeviceItWasPushedTo() async throws {
        try await PhotoTestWorld.run { world in
            _ = try await world.simulator.pushUserFace(
                sn: world.fixture.sn, userid: "zhangsan", photos: [(slot: 0, jpeg: photoBytes(seed: 10))])
            let mediaID = try await world.nextUserFace().photos[0].mediaID
            try await world.simulator.addDevice(sn: "SN-OTHER", secretNo: "other-secret")
            try await withDevice(port: world.port) { device in
                try await device.logIn(
                    DeviceFixture(sn: "SN-OTHER", secretNo: "other-secret"), simulator: world.simulator, now: testEpoch)
                let answer = try await device.request(
                    "download_photo", body: ["media_id": .string(mediaID), "format_version": 1])
                #expect(answer["errcode"] == .integer(Int64(CloudErrorCode.unknownMedia)))
            }
        }
    }
}
