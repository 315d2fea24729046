import Biometrics
import Enrollment
import Testing

@Suite struct MachineFingerprintTests {
    @Test func startAsksStoreAndSchedulesBothDeadlines() throws {
        var h = MachineHarness()
        let effects = h.start(try cloudRequest(), at: .seconds(7))
        let token = try h.token()
        #expect(
            effects == [
                .wakeUp(token, at: .seconds(52)), .wakeUp(token, at: .seconds(62)),
                .lookUp(token, try user("alice"), .fingerprint),
            ])
    }

    @Test(arguments: [2, 3, 4, 5])
    func nPressesWithLiftsBetween(_ presses: Int) throws {
        var h = MachineHarness(settings: try EnrollmentSettings(presses: presses))
        let token = try h.startKnown(try cloudRequest())
        h.pressAll(token, presses: presses)
        var expected: [EnrollmentPrompt] = [.placeFinger(press: 1, of: presses)]
        for k in 2...presses { expected += [.liftFinger, .pressAgain(press: k, of: presses)] }
        expected.append(.processing)
        #expect(h.all.prompts == expected)
        #expect(h.all.captureRequests == presses)
        #expect(h.all.builtFrom?.count == presses)
    }

    @Test func fingerMustBeLiftedBeforeTheNextPress() throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest())
        h.press(token, lift: false)
        // Finger stays on the sensor: only more polls, no capture, no "press again".
        for _ in 0..<5 {
            let effects = h.send(.fingerPresence(token, true))
            #expect(effects == [.pollFinger(token, after: .milliseconds(100))])
        }
        #expect(h.all.captureRequests == 1)
        let lifted = h.send(.fingerPresence(token, false))
        #expect(lifted.prompts == [.pressAgain(press: 2, of: 3)])
        #expect(h.send(.fingerPresence(token, true)) == [.captureFinger(token)])
    }

    @Test func firstPollIsImmediateLaterOnesPaced() throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest())
        #expect(h.all.contains(.pollFinger(token, after: .zero)))
        #expect(h.send(.fingerPresence(token, false)) == [.pollFinger(token, after: .milliseconds(100))])
    }

    @Test(arguments: [FingerRetryHint.noFinger, .tooMessy, .tooFewFeatures, .captureFailed])
    func retryHintIsAPromptNotAStage(_ hint: FingerRetryHint) throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest())
        h.send(.fingerPresence(token, true))
        let effects = h.send(.fingerCaptured(token, .retry(hint)))
        #expect(effects.prompts == [.retry(hint)])
        #expect(effects.contains(.pollFinger(token, after: .milliseconds(100))))
        // Still press 1: the next good capture is followed by a lift prompt, not by press 2 being done.
        h.press(token)
        #expect(h.all.prompts.suffix(2) == [.liftFinger, .pressAgain(press: 2, of: 3)])
    }

    @Test func successCommitsThenDelivers() throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest(), occupied: [0, 1])
        h.pressAll(token)
        let built = template()
        let check = h.send(.fingerTemplateBuilt(token, built))
        #expect(check == [.checkDuplicates(token, built, excluding: try user("alice"))])
        let commit = h.send(.duplicateChecked(token, match: nil))
        let committing = try #require(commit.commits.first)
        #expect(committing.slot == SlotID(.fingerprint, 2))
        #expect(committing.operID == "op-1")
        #expect(committing.template == built)
        #expect(committing.receivedAt == MachineHarness.receivedWallClock)
        #expect(commit.deliveredSuccesses.isEmpty, "nothing is delivered before the commit returns")
        let done = h.send(.committed(token))
        #expect(done.deliveredSuccesses.map(\.reportableOperID) == ["op-1"])
        #expect(done.prompts == [.enrolled(SlotID(.fingerprint, 2)!)])
        #expect(done.outcome?.result == .enrolled(SlotID(.fingerprint, 2)!, reportedWithOperID: true))
        #expect(h.machine.isIdle)
    }

    @Test func mismatchedPressesRestartOnceThenFail104() throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest())
        h.pressAll(token)
        let first = h.send(.fingerSamplesDoNotMatch(token))
        #expect(first.prompts == [.pressesDidNotMatch])
        #expect(first.deliveredFailures.isEmpty)
        // Start over: lift, then press 1 of 3 again, and all three presses are needed again.
        #expect(h.send(.fingerPresence(token, false)).prompts == [.placeFinger(press: 1, of: 3)])
        h.send(.fingerPresence(token, true))
        h.send(.fingerCaptured(token, .sample(FingerSample(features: [9], quality: 70))))
        h.send(.fingerPresence(token, false))
        h.press(token)
        h.press(token, lift: false)
        #expect(h.all.builtFrom?.count == 3)
        #expect(h.all.builtFrom?.first?.features == [9])
        let second = h.send(.fingerSamplesDoNotMatch(token))
        #expect(second.deliveredFailures.map(\.failure) == [.poorQuality])
        #expect(second.deliveredFailures.first?.failure.errmsg == "采集质量差")
        #expect(second.outcome?.result == .failed(.poorQuality, reported: true))
    }

    @Test func noRestartAllowedFailsAtOnce() throws {
        var h = MachineHarness(settings: try EnrollmentSettings(restartsOnMismatch: 0))
        let token = try h.startKnown(try cloudRequest())
        h.pressAll(token)
        #expect(h.send(.fingerSamplesDoNotMatch(token)).deliveredFailures.map(\.failure.errcode) == [104])
    }

    @Test func lateAnswersOfAnEndedOperationAreIgnored() throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest())
        h.send(.cancel(.cloud(operID: "op-1")))
        #expect(h.send(.fingerPresence(token, true)).isEmpty)
        #expect(h.send(.fingerCaptured(token, .retry(.tooMessy))).isEmpty)
        #expect(h.machine.isIdle)
    }
}

@Suite struct MachineSlotTests {
    @Test(
        arguments: [
            (Set<Int>(), 0), ([0], 1), ([0, 1, 3], 2), ([1, 2], 0), ([0, 1, 2, 3, 4, 5, 6, 7, 8], 9),
        ] as [(Set<Int>, Int)])
    func lowestFreeFingerprintSlot(_ occupied: Set<Int>, _ expected: Int) throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest(), occupied: occupied)
        h.pressAll(token)
        h.send(.fingerTemplateBuilt(token, template()))
        #expect(h.send(.duplicateChecked(token, match: nil)).commits.first?.slot == SlotID(.fingerprint, expected))
    }

    @Test func faceSlotsGoUpTo11() throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest("op-f", "bob", .face), occupied: Set(0...10))
        h.send(.faceCaptured(token, .template(template(.face))))
        #expect(h.send(.duplicateChecked(token, match: nil)).commits.first?.slot == SlotID(.face, 11))
    }

    @Test(arguments: Modality.allCases)
    func allSlotsFullIs106(_ modality: Modality) throws {
        var h = MachineHarness()
        h.start(try cloudRequest("op-x", "carol", modality))
        let token = try h.token()
        let full = h.send(
            .lookedUp(token, member: Member(userid: try user("carol")), occupied: Set(modality.slotRange)))
        let failure = try #require(full.deliveredFailures.first)
        #expect(failure.failure == .slotsFull(modality))
        #expect(failure.failure.errcode == 106)
        #expect(failure.failure.errmsg == (modality == .fingerprint ? "指纹已满(10枚)" : "人脸已满(12张)"))
        #expect(full.commits.isEmpty)
    }

    @Test func localEnrollmentMayNameAnOccupiedSlotAndTakesTheStoredUserType() throws {
        var h = MachineHarness()
        let request = try EnrollmentRequest.local(userid: user("dave"), modality: .fingerprint, slot: 4)
        let token = try h.startKnown(request, occupied: Set(0...9))
        h.pressAll(token)
        h.send(.fingerTemplateBuilt(token, template()))
        let commit = try #require(h.send(.duplicateChecked(token, match: nil)).commits.first)
        #expect(commit.slot == SlotID(.fingerprint, 4))
        #expect(commit.operID == nil)
        #expect(commit.userType == .student)
        let done = h.send(.committed(token))
        #expect(done.deliveredSuccesses.first?.reportableOperID == nil)
        #expect(done.outcome?.result == .enrolled(SlotID(.fingerprint, 4)!, reportedWithOperID: false))
    }
}
