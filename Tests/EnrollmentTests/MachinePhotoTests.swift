import Biometrics
import Enrollment
import Foundation
import Testing

/// Photo enrollment (`push_user_face`) as stages of the machine: one operation at a time (101 both
/// ways, slots locked), the machine's deadlines, and the photo error codes.
@Suite struct MachinePhotoTests {
    /// Starts a photo request and answers the look-up with a known member.
    static func started(_ h: inout MachineHarness, _ request: EnrollmentRequest) throws -> EnrollmentToken {
        h.start(request)
        let token = try h.token()
        h.send(.lookedUp(token, member: Member(userid: request.userid), occupied: []))
        return token
    }

    @Test func goodPhotoFillsTheSlotItNamesAndAnswersTheOperID() throws {
        var h = MachineHarness()
        let start = h.start(try photoRequest([(2, "m-2")]))
        #expect(start.contains { if case .lookUp(_, _, .face) = $0 { true } else { false } })
        let token = try h.token()
        let fetch = h.send(.lookedUp(token, member: Member(userid: try user("alice")), occupied: [0, 1, 2]))
        #expect(fetch.fetchedPhotos == ["m-2"])
        #expect(h.send(.photoFetched(token, photoBytes(1))) == [.analysePhoto(token, photoBytes(1))])
        let analysed = h.send(.photoAnalysed(token, template(.face, [1])))
        #expect(analysed.prompts == [.processing])
        #expect(analysed.duplicateChecks == [template(.face, [1])])
        let commit = h.send(.duplicateChecked(token, match: nil))
        let committed = try #require(commit.commits.first)
        #expect(committed.slot == SlotID(.face, 2), "the photo's id, even though the slot is occupied")
        #expect(committed.operID == "op-p")
        let done = h.send(.committed(token))
        #expect(done.deliveredSuccesses.map(\.reportableOperID) == ["op-p"])
        #expect(done.outcome?.result == .enrolled(SlotID(.face, 2)!, reportedWithOperID: true))
        #expect(h.machine.isIdle)
    }

    @Test func photoPushWhileACameraEnrollmentRunsIs101AndTheCameraGoesOn() throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest("op-cam", "bob", .face))
        let busy = h.start(try photoRequest("op-p", "bob", [(0, "m-0")]), at: .seconds(2))
        #expect(busy.rejections == [.busy])
        #expect(busy.deliveredFailures.map(\.operID) == ["op-p"])
        #expect(busy.fetchedPhotos.isEmpty)
        #expect(h.machine.runningToken == token)
        #expect(h.send(.faceCaptured(token, .template(template(.face)))).duplicateChecks == [template(.face)])
    }

    @Test func cameraAndFingerprintPushesWhileAPhotoEnrollmentRunsAre101() throws {
        var h = MachineHarness()
        let token = try Self.started(&h, try photoRequest([(0, "m-0")]))
        for (operID, modality) in [("op-cam", Modality.face), ("op-fp", .fingerprint)] {
            let busy = h.start(try cloudRequest(operID, "bob", modality), at: .seconds(1))
            #expect(busy.rejections == [.busy])
            #expect(busy.deliveredFailures.map(\.failure.errcode) == [101])
        }
        let local = h.start(try EnrollmentRequest.local(userid: user("alice"), modality: .face, slot: 0))
        #expect(local.rejections == [.busy], "slot 0 stays the photo's")
        #expect(h.machine.runningToken == token)
        #expect(h.send(.photoFetched(token, photoBytes(1))) == [.analysePhoto(token, photoBytes(1))])
    }

    @Test func firstGoodPhotoAnswersTheRestFillTheirSlotsAsPlainUploads() throws {
        var h = MachineHarness()
        let token = try Self.started(&h, try photoRequest([(0, "bad"), (3, "good"), (4, "later"), (5, "noface")]))
        let next = h.send(
            .photoRejected(token, PhotoRejection(.invalidPhoto("download_photo bad: 600404"))))
        #expect(next.fetchedPhotos == ["good"])
        #expect(next.deliveredFailures.isEmpty, "a later photo may still answer")
        h.send(.photoFetched(token, photoBytes(1)))
        h.send(.photoAnalysed(token, template(.face, [1])))
        h.send(.duplicateChecked(token, match: nil))
        let answered = h.send(.committed(token))
        #expect(answered.deliveredSuccesses.map(\.reportableOperID) == ["op-p"])
        #expect(answered.outcome?.result == .enrolled(SlotID(.face, 3)!, reportedWithOperID: true))
        #expect(answered.fetchedPhotos == ["later"], "the rest run on at once")

        // The rest is an operation of its own: still busy, no oper_id, failures not sent.
        let rest = try h.token()
        #expect(rest != token)
        #expect(h.machine.runningRequest?.operID == nil)
        #expect(h.machine.runningRequest?.answeredOperID == "op-p")
        #expect(h.start(try cloudRequest("op-fp", "bob"), at: .seconds(3)).rejections == [.busy])
        #expect(h.start(try photoRequest([(0, "m")]), at: .seconds(3)).rejections.isEmpty, "the same push again")
        h.send(.photoFetched(rest, photoBytes(2)))
        h.send(.photoAnalysed(rest, template(.face, [2])))
        let plain = h.send(.duplicateChecked(rest, match: nil))
        #expect(plain.commits.map(\.operID) == [nil])
        #expect(plain.commits.map(\.slot) == [SlotID(.face, 4)])
        #expect(h.send(.committed(rest)).fetchedPhotos == ["noface"])
        let rest2 = try h.token()
        h.send(.photoFetched(rest2, photoBytes(3)))
        let end = h.send(.photoRejected(rest2, PhotoRejection(.nothingDetected(.face))))
        #expect(end.deliveredFailures.isEmpty)
        #expect(end.outcome?.result == .failed(.nothingDetected(.face), reported: false))
        #expect(h.machine.isIdle)
    }

    @Test("no photo gives a template: the first photo's failure answers (111, then 103, 104, 105)")
    func firstFailureAnswers() throws {
        var h = MachineHarness()
        let token = try Self.started(
            &h, try photoRequest([(0, "unservable"), (1, "noface"), (99, "no-slot"), (2, "poor"), (3, "dup")]))
        h.send(.photoRejected(token, PhotoRejection(.invalidPhoto("download_photo unservable: timeout"))))
        h.send(.photoFetched(token, photoBytes(3)))
        let skip = h.send(.photoRejected(token, PhotoRejection(.nothingDetected(.face))))
        #expect(skip.fetchedPhotos == ["poor"], "id 99 names no face slot: that photo fails without a download")
        h.send(.photoFetched(token, photoBytes(4)))
        h.send(.photoRejected(token, PhotoRejection(.poorQuality)))
        h.send(.photoFetched(token, photoBytes(1)))
        h.send(.photoAnalysed(token, template(.face, [1])))
        let end = h.send(.duplicateChecked(token, match: try user("mallory")))
        #expect(end.commits.isEmpty)
        let failure = try #require(end.deliveredFailures.first)
        #expect(failure.failure == .invalidPhoto("download_photo unservable: timeout"))
        #expect(failure.failure.errcode == 111)
        #expect(failure.failure.errmsg == "照片无效")
        #expect(end.outcome?.result == .failed(failure.failure, reported: true))
    }

    @Test func eachPhotoFailureAloneAnswersItsCode() throws {
        let cases: [(PhotoRejection, Int)] = [
            (PhotoRejection(.nothingDetected(.face)), 103), (PhotoRejection(.poorQuality), 104),
            (PhotoRejection(.invalidPhoto("JPEG: 4064 scans, limit 64")), 111),
            (PhotoRejection(.deviceFault("dlib: out of memory")), 110),
        ]
        for (rejection, code) in cases {
            var h = MachineHarness()
            let token = try Self.started(&h, try photoRequest([(0, "m")]))
            h.send(.photoFetched(token, photoBytes(9)))
            let end = h.send(.photoRejected(token, rejection))
            #expect(end.deliveredFailures.map(\.failure.errcode) == [code], "\(rejection)")
        }
        var h = MachineHarness()
        let token = try Self.started(&h, try photoRequest([(0, "m")]))
        h.send(.photoFetched(token, photoBytes(1)))
        h.send(.photoAnalysed(token, template(.face, [1])))
        let dup = h.send(.duplicateChecked(token, match: try user("mallory")))
        #expect(dup.deliveredFailures.map(\.failure.errcode) == [105])
        #expect(dup.deliveredFailures.first?.failure.errmsg == "该人脸已被其他成员录入")
    }

    @Test func aDecodeHeldPastItsDeadlineEndsThePushWith111() throws {
        var h = MachineHarness()
        let token = try Self.started(&h, try photoRequest([(0, "bomb"), (1, "good")]))
        h.send(.photoFetched(token, photoBytes(5)))
        let end = h.send(
            .photoRejected(token, PhotoRejection(.invalidPhoto("deadline of 5 s passed"), decoderHeld: true)))
        #expect(end.fetchedPhotos.isEmpty, "the good photo would only wait behind the held decoder")
        #expect(end.deliveredFailures.map(\.failure) == [.invalidPhoto("deadline of 5 s passed")])
        #expect(h.machine.isIdle)
    }

    @Test func aPhotoWaitingBehindAHeldDecoderIs101() throws {
        var h = MachineHarness()
        let token = try Self.started(&h, try photoRequest([(0, "m"), (1, "n")]))
        h.send(.photoFetched(token, photoBytes(1)))
        let end = h.send(.photoRejected(token, PhotoRejection(.busy, decoderHeld: true)))
        #expect(end.fetchedPhotos.isEmpty)
        #expect(end.deliveredFailures.map(\.failure.errcode) == [101])
    }

    @Test func unknownMemberIs108() throws {
        var h = MachineHarness()
        h.start(try photoRequest([(0, "m")]))
        let end = h.send(.lookedUp(try h.token(), member: nil, occupied: []))
        #expect(end.fetchedPhotos.isEmpty)
        #expect(end.deliveredFailures.map(\.failure.errcode) == [108])
    }

    @Test func noPhotoAnalyzerIsRefusedWith110() throws {
        var h = MachineHarness(photoAlgorithm: nil)
        let refused = h.start(try photoRequest([(0, "m")]))
        #expect(refused.rejections == [.deviceFault("no face recognition installed for photos")])
        #expect(refused.deliveredFailures.map(\.failure.errcode) == [110])
    }

    @Test func fetchStuckAtTheCaptureDeadlineIs102() throws {
        var h = MachineHarness()
        let token = try Self.started(&h, try photoRequest([(0, "slow")]))
        #expect(h.send(.tick(.milliseconds(44_999))).isEmpty)
        let end = h.send(.tick(.seconds(45)))
        #expect(end.contains(.stopWork(token)))
        #expect(end.deliveredFailures.map(\.failure) == [.timeout])
    }

    @Test func captureDeadlineAfterAFailedPhotoAnswersThatPhotosFailure() throws {
        var h = MachineHarness()
        let token = try Self.started(&h, try photoRequest([(0, "noface"), (1, "slow")]))
        h.send(.photoFetched(token, photoBytes(3)))
        h.send(.photoRejected(token, PhotoRejection(.nothingDetected(.face))))
        h.send(.photoFetched(token, photoBytes(1)))
        let end = h.send(.tick(.seconds(45)))
        #expect(end.deliveredFailures.map(\.failure.errcode) == [103])
    }

    @Test func duplicateCheckPastTheResultDeadlineIs102() throws {
        var h = MachineHarness()
        let token = try Self.started(&h, try photoRequest([(0, "m")]))
        h.send(.tick(.seconds(44)))
        h.send(.photoFetched(token, photoBytes(1)))
        h.send(.photoAnalysed(token, template(.face, [1])))
        #expect(h.send(.tick(.seconds(50))).isEmpty, "processing is bounded by the result deadline only")
        let end = h.send(.tick(.seconds(55)))
        #expect(end.deliveredFailures.map(\.failure) == [.timeout])
    }

    @Test func theRestOfAPushKeepsItsReceiptAndDeadlines() throws {
        var h = MachineHarness()
        let token = try Self.started(&h, try photoRequest([(0, "a"), (1, "b")]))
        h.send(.tick(.seconds(40)))
        h.send(.photoFetched(token, photoBytes(1)))
        h.send(.photoAnalysed(token, template(.face, [1])))
        h.send(.duplicateChecked(token, match: nil))
        let answered = h.send(.committed(token))
        let rest = try h.token()
        #expect(answered.contains(.wakeUp(rest, at: .seconds(45))))
        let end = h.send(.tick(.seconds(45)))
        #expect(end.outcome?.result == .failed(.timeout, reported: false))
        #expect(h.machine.isIdle)
    }

    @Test func storageFailureOfOnePhotoMovesOnToTheNext() throws {
        var h = MachineHarness()
        let token = try Self.started(&h, try photoRequest([(0, "a"), (1, "b")]))
        h.send(.photoFetched(token, photoBytes(1)))
        h.send(.photoAnalysed(token, template(.face, [1])))
        h.send(.duplicateChecked(token, match: nil))
        let next = h.send(.storeFailed(token, "disk I/O error"))
        #expect(next.fetchedPhotos == ["b"])
        h.send(.photoFetched(token, photoBytes(2)))
        h.send(.photoAnalysed(token, template(.face, [2])))
        let commit = h.send(.duplicateChecked(token, match: nil))
        #expect(commit.commits.map(\.slot) == [SlotID(.face, 1)])
        #expect(commit.commits.map(\.operID) == ["op-p"])
    }

    @Test func photosOfAnAlgorithmTheCloudDoesNotAcceptAre109() throws {
        var h = MachineHarness()
        h.machine.accept([.face: [AlgorithmID("face-dlib128-rq48-k0")]])
        let refused = h.start(try photoRequest([(0, "m")]))
        #expect(refused.rejections == [.unsupportedAlgorithm])
        #expect(refused.deliveredFailures.map(\.failure.errcode) == [109])
        #expect(refused.deliveredFailures.first?.failure.errmsg == "不支持的算法")
        h.machine.accept([.face: [MachineHarness.faAlgorithm]])
        #expect(h.start(try photoRequest("op-2", "alice", [(0, "m")])).rejections.isEmpty)
    }
}
