import Biometrics
import Enrollment
import Testing

@Suite struct MachineFaceTests {
    @Test func framesUntilOnePassesThenDuplicateCheckAndCommit() throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest("op-f", "bob", .face))
        #expect(h.all.prompts == [.lookAtCamera])
        #expect(h.all.contains(.captureFace(token, after: .zero)))
        let hint = h.send(.faceCaptured(token, .retry(.moveCloser)))
        #expect(hint.prompts == [.faceHint(.moveCloser)])
        #expect(hint.last == .captureFace(token, after: .milliseconds(100)))
        // The same hint twice is shown once; a new hint is shown.
        #expect(h.send(.faceCaptured(token, .retry(.moveCloser))).prompts.isEmpty)
        #expect(h.send(.faceCaptured(token, .retry(.tooDark))).prompts == [.faceHint(.tooDark)])
        let face = template(.face, [7, 7])
        let check = h.send(.faceCaptured(token, .template(face)))
        #expect(check.duplicateChecks == [face])
        h.send(.duplicateChecked(token, match: nil))
        let done = h.send(.committed(token))
        #expect(done.deliveredSuccesses.first?.template == face)
        #expect(done.deliveredSuccesses.first?.slot == SlotID(.face, 0))
    }

    @Test func aFingerprintTemplateFromTheCameraIsADeviceFault() throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest("op-f", "bob", .face))
        let effects = h.send(.faceCaptured(token, .template(template(.fingerprint))))
        #expect(effects.deliveredFailures.map(\.failure.errcode) == [110])
    }
}
