import Biometrics
import Enrollment
import Testing

/// While a press's image crawls over a slow link (7 s over a 57,600-baud UART), the screen says so.
@Suite struct MachineImageProgressTests {
    private func transfer(_ received: Int, of total: Int? = 36_864) -> FingerImageTransfer {
        FingerImageTransfer(receivedBytes: received, totalBytes: total)
    }

    @Test func progressIsShownInSteps() throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest())
        #expect(h.send(.fingerPresence(token, true)) == [.captureFinger(token)])
        var shown: [EnrollmentPrompt] = []
        for received in stride(from: 0, through: 36_864, by: 128) {
            shown += h.send(.fingerImageProgress(token, transfer(received))).prompts
        }
        #expect(
            shown == [0, 20, 40, 60, 80, 100].map { .readingImage(press: 1, of: 3, percent: $0) },
            "one prompt per 20 %: \(shown)")
        // A report arriving late (out of order) is not shown again.
        #expect(h.send(.fingerImageProgress(token, transfer(1000))).isEmpty)
        // The next press starts again from 0 % and names press 2.
        _ = h.send(.fingerCaptured(token, .sample(FingerSample(features: [1], quality: 80))))
        _ = h.send(.fingerPresence(token, false))
        _ = h.send(.fingerPresence(token, true))
        #expect(
            h.send(.fingerImageProgress(token, transfer(0))).prompts == [.readingImage(press: 2, of: 3, percent: 0)])
    }

    @Test func unknownSizeIsOnePrompt() throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest())
        _ = h.send(.fingerPresence(token, true))
        #expect(
            h.send(.fingerImageProgress(token, transfer(0, of: nil))).prompts == [
                .readingImage(press: 1, of: 3, percent: nil)
            ])
        #expect(h.send(.fingerImageProgress(token, transfer(9000, of: nil))).isEmpty)
    }

    @Test func lateProgressAfterTheCaptureIsIgnoredQuietly() throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest())
        _ = h.send(.fingerPresence(token, true))
        _ = h.send(.fingerCaptured(token, .retry(.tooFewFeatures)))
        #expect(h.send(.fingerImageProgress(token, transfer(36_864))).isEmpty, "no prompt and no notice")
    }

    @Test func promptTexts() {
        let prompt = EnrollmentPrompt.readingImage(press: 2, of: 3, percent: 40)
        #expect(prompt.english == "Reading the fingerprint image from the sensor (2/3) 40%")
        #expect(prompt.chinese == "正在读取指纹图像(2/3) 40%")
        #expect(EnrollmentPrompt.readingImage(press: 1, of: 3, percent: nil).english.hasSuffix("(1/3)"))
    }
}
