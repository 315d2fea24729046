import Biometrics
import Enrollment
import Testing

@Suite struct FailureTableTests {
    static let table: [(EnrollmentFailure, Int, String)] = [
        (.busy, 101, "设备正忙"),
        (.timeout, 102, "录入超时"),
        (.nothingDetected(.fingerprint), 103, "未检测到手指"),
        (.nothingDetected(.face), 103, "未检测到人脸"),
        (.poorQuality, 104, "采集质量差"),
        (.duplicate(.fingerprint), 105, "该指纹已被其他成员录入"),
        (.duplicate(.face), 105, "该人脸已被其他成员录入"),
        (.slotsFull(.fingerprint), 106, "指纹已满(10枚)"),
        (.slotsFull(.face), 106, "人脸已满(12张)"),
        (.cancelled, 107, "已取消"),
        (.unknownMember, 108, "成员不在设备范围内"),
        (.unsupportedAlgorithm, 109, "不支持的算法"),
        (.deviceFault("usb gone"), 110, "设备故障"),
        (.invalidPhoto("scan limit"), 111, "照片无效"),
    ]

    @Test(arguments: table.indices)
    func codeAndMessage(_ index: Int) {
        let (failure, code, message) = Self.table[index]
        #expect(failure.errcode == code)
        #expect(failure.errmsg == message)
        #expect(failure.description.hasPrefix("\(code) "))
    }

    @Test func deviceFaultDetailStaysOutOfErrmsg() {
        let failure = EnrollmentFailure.deviceFault("libusb: LIBUSB_ERROR_NO_DEVICE")
        #expect(failure.errmsg == "设备故障")
        #expect(failure.description.contains("LIBUSB_ERROR_NO_DEVICE"))
    }

    @Test func invalidPhotoDetailStaysOutOfErrmsg() {
        let failure = EnrollmentFailure.invalidPhoto("JPEG: more than 500 scans")
        #expect(failure.errmsg == "照片无效")
        #expect(failure.description.contains("500 scans"))
    }

    @Test func promptsHaveBothLanguages() {
        let prompts: [EnrollmentPrompt] = [
            .placeFinger(press: 1, of: 3), .liftFinger, .pressAgain(press: 2, of: 3), .retry(.tooMessy),
            .pressesDidNotMatch, .lookAtCamera, .faceHint(.moveCloser), .processing, .cancelled,
            .enrolled(SlotID(.fingerprint, 4)!), .failed(.timeout),
        ]
        for prompt in prompts {
            #expect(!prompt.english.isEmpty)
            #expect(prompt.chinese.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF })
        }
        #expect(EnrollmentPrompt.pressAgain(press: 2, of: 4).chinese.contains("2/4"))
        #expect(EnrollmentPrompt.failed(.timeout).chinese.contains("录入超时"))
        #expect(EnrollmentPrompt.enrolled(SlotID(.face, 11)!).english.contains("11"))
    }
}

@Suite struct SettingsAndRequestValidationTests {
    @Test func defaults() throws {
        let s = EnrollmentSettings.standard
        #expect(s.presses == 3)
        #expect(s.captureDeadline == .seconds(45))
        #expect(s.resultDeadline == .seconds(55))
        #expect(s.pollInterval == .milliseconds(100))
        #expect(s.restartsOnMismatch == 1)
        #expect(try EnrollmentSettings() == s, "the standard settings pass validation")
    }

    @Test(arguments: [2, 3, 4, 5]) func pressesInRange(_ n: Int) throws {
        #expect(try EnrollmentSettings(presses: n).presses == n)
    }

    @Test(arguments: [0, 1, 6]) func pressesOutOfRange(_ n: Int) {
        #expect(throws: EnrollmentSettingsError.presses(n)) { try EnrollmentSettings(presses: n) }
        #expect(EnrollmentSettingsError.presses(n).description == "presses: expected 2-5, got \(n)")
    }

    @Test func captureDeadlineNeverAbove50s() throws {
        #expect(try EnrollmentSettings(captureDeadline: .seconds(50)).captureDeadline == .seconds(50))
        #expect(throws: EnrollmentSettingsError.captureDeadline(.milliseconds(50_001))) {
            try EnrollmentSettings(captureDeadline: .milliseconds(50_001))
        }
        #expect(
            EnrollmentSettingsError.captureDeadline(.seconds(51)).description.hasPrefix("captureDeadline: expected"))
    }

    @Test func resultDeadlineAboveCaptureAndAtMost60s() {
        #expect(throws: EnrollmentSettingsError.resultDeadline(.seconds(61), captureDeadline: .seconds(45))) {
            try EnrollmentSettings(resultDeadline: .seconds(61))
        }
        #expect(throws: EnrollmentSettingsError.resultDeadline(.seconds(40), captureDeadline: .seconds(45))) {
            try EnrollmentSettings(resultDeadline: .seconds(40))
        }
    }

    @Test func pollIntervalAndRestartsValidated() {
        #expect(throws: EnrollmentSettingsError.pollInterval(.zero)) { try EnrollmentSettings(pollInterval: .zero) }
        #expect(throws: EnrollmentSettingsError.restartsOnMismatch(4)) { try EnrollmentSettings(restartsOnMismatch: 4) }
    }

    @Test func requestValidation() throws {
        #expect(throws: EnrollmentRequestError.emptyOperID) {
            try EnrollmentRequest.cloud(operID: "", userid: user("a"), userType: .employee, modality: .face)
        }
        #expect(throws: EnrollmentRequestError.slotOutOfRange(.fingerprint, 10)) {
            try EnrollmentRequest.local(userid: user("a"), modality: .fingerprint, slot: 10)
        }
        #expect(EnrollmentRequestError.slotOutOfRange(.face, 12).description == "slot: expected 0-11 for fa, got 12")
        let local = try EnrollmentRequest.local(userid: user("a"), modality: .face, slot: 11)
        #expect(local.origin == .local(slot: SlotID(.face, 11)))
        #expect(local.operID == nil)
        #expect(try cloudRequest("op-9").operID == "op-9")
    }
}
