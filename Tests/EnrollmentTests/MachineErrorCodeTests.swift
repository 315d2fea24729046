import Biometrics
import Enrollment
import Testing

/// Every errcode 101-110 is reachable from the machine and reported with its errmsg.
@Suite struct MachineErrorCodeTests {
    @Test func busy101ForTheNewOperIDWhileTheRunningOneContinues() throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest("op-1"))
        h.send(.fingerPresence(token, true))
        let busy = h.start(try cloudRequest("op-2", "bob", .face), at: .seconds(3))
        #expect(busy.rejections == [.busy])
        let failure = try #require(busy.deliveredFailures.first)
        #expect(failure.operID == "op-2")
        #expect(failure.userid == (try user("bob")))
        #expect(failure.modality == .face)
        #expect(failure.failure.errcode == 101)
        #expect(failure.failure.errmsg == "设备正忙")
        #expect(!busy.contains { if case .stopWork = $0 { true } else { false } })
        #expect(h.machine.runningRequest?.operID == "op-1")
        // The running operation goes on.
        #expect(
            h.send(.fingerCaptured(token, .sample(FingerSample(features: [1], quality: 90)))).prompts == [.liftFinger])
    }

    @Test func localStartWhileBusyIsRefusedWithoutUpload() throws {
        var h = MachineHarness()
        try h.startKnown(try cloudRequest("op-1"))
        let busy = h.start(try EnrollmentRequest.local(userid: user("bob"), modality: .fingerprint))
        #expect(busy.rejections == [.busy])
        #expect(busy.deliveredFailures.isEmpty)
    }

    @Test func repeatedPushOfTheRunningOperIDIsIgnored() throws {
        var h = MachineHarness()
        try h.startKnown(try cloudRequest("op-1"))
        let again = h.start(try cloudRequest("op-1"))
        #expect(again.rejections.isEmpty)
        #expect(again.deliveredFailures.isEmpty)
        #expect(h.machine.runningRequest?.operID == "op-1")
    }

    @Test func duplicate105() throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest())
        h.pressAll(token)
        h.send(.fingerTemplateBuilt(token, template()))
        let dup = h.send(.duplicateChecked(token, match: try user("mallory")))
        #expect(dup.commits.isEmpty)
        let failure = try #require(dup.deliveredFailures.first)
        #expect(failure.failure.errcode == 105)
        #expect(failure.failure.errmsg == "该指纹已被其他成员录入")
    }

    @Test func faceDuplicate105() throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest("op-f", "bob", .face))
        h.send(.faceCaptured(token, .template(template(.face))))
        let dup = h.send(.duplicateChecked(token, match: try user("mallory")))
        #expect(dup.deliveredFailures.first?.failure.errmsg == "该人脸已被其他成员录入")
    }

    @Test func terminalCancel107IsReportedForACloudOperation() throws {
        var h = MachineHarness()
        try h.startKnown(try cloudRequest())
        let cancel = h.send(.cancel(.terminal))
        #expect(cancel.deliveredFailures.map(\.failure) == [.cancelled])
        #expect(cancel.deliveredFailures.first?.failure.errmsg == "已取消")
        #expect(cancel.prompts == [.failed(.cancelled)])
        #expect(cancel.outcome?.result == .failed(.cancelled, reported: true))
    }

    @Test func terminalCancel107OfALocalOperationUploadsNothing() throws {
        var h = MachineHarness()
        try h.startKnown(try EnrollmentRequest.local(userid: user("dave"), modality: .face))
        let cancel = h.send(.cancel(.terminal))
        #expect(cancel.deliveredFailures.isEmpty)
        #expect(cancel.outcome?.result == .failed(.cancelled, reported: false))
    }

    @Test func unknownMember108() throws {
        var h = MachineHarness()
        h.start(try cloudRequest())
        let token = try h.token()
        let effects = h.send(.lookedUp(token, member: nil, occupied: []))
        #expect(effects.deliveredFailures.map(\.failure.errcode) == [108])
        #expect(effects.deliveredFailures.first?.failure.errmsg == "成员不在设备范围内")
    }

    @Test func unsupportedAlgorithm109() throws {
        let settings = try EnrollmentSettings(acceptedAlgorithms: [.fingerprint: [AlgorithmID("iso-19794-2")]])
        var h = MachineHarness(settings: settings)
        let effects = h.start(try cloudRequest())
        #expect(effects.rejections == [.unsupportedAlgorithm])
        #expect(effects.deliveredFailures.map(\.failure.errmsg) == ["不支持的算法"])
        #expect(h.machine.isIdle)
        // The face device's algorithm is not restricted.
        #expect(h.start(try cloudRequest("op-2", "bob", .face)).rejections.isEmpty)
    }

    @Test func missingDevice110() throws {
        var h = MachineHarness(devices: [.face: MachineHarness.faAlgorithm])
        let effects = h.start(try cloudRequest())
        #expect(effects.rejections.map(\.errcode) == [110])
        #expect(effects.deliveredFailures.map(\.failure.errmsg) == ["设备故障"])
    }

    @Test func readerFaultMidCapture110() throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest())
        h.press(token)
        let effects = h.send(.deviceFailed(token, "fingerprint sensor fault: timeout"))
        #expect(effects.first == .stopWork(token))
        #expect(effects.deliveredFailures.map(\.failure) == [.deviceFault("fingerprint sensor fault: timeout")])
    }

    @Test func storeFailure110() throws {
        var h = MachineHarness()
        h.start(try cloudRequest())
        let effects = h.send(.storeFailed(try h.token(), "disk I/O error"))
        #expect(effects.deliveredFailures.map(\.failure.errcode) == [110])
    }
}
