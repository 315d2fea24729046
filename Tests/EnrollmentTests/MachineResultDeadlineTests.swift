import Biometrics
import Enrollment
import Foundation
import Testing

/// The machine's result deadline travels with its results (issue 13: one owner of the window).
@Suite struct MachineResultDeadlineTests {
    static let t0: Duration = .seconds(100)
    static let received = MachineHarness.receivedWallClock

    @Test func aCommittedResultCarriesTheDeadlineDecidedOnTheMonotonicClock() throws {
        var h = MachineHarness()
        let token = try h.startKnown(try cloudRequest(), at: Self.t0)
        h.pressAll(token)
        h.send(.tick(Self.t0 + .seconds(20)))
        h.send(.fingerTemplateBuilt(token, template()))
        let commit = try #require(h.send(.duplicateChecked(token, match: nil)).commits.first)
        let deadline = try #require(commit.resultDeadline)
        #expect(deadline.at == Self.received.addingTimeInterval(55), "receipt + EnrollmentSettings.resultDeadline")
        #expect(deadline.remaining == .seconds(35), "what was left 20 s after receipt")
        #expect(deadline.isOpen(atWall: Self.received.addingTimeInterval(54.9)))
        #expect(!deadline.isOpen(atWall: Self.received.addingTimeInterval(55)))
        #expect(deadline.remaining(atWall: Self.received.addingTimeInterval(-3600)) == .seconds(35), "clamped")
        let delivered = try #require(h.send(.committed(token)).deliveredSuccesses.first)
        #expect(delivered.resultDeadline == deadline)
    }

    @Test func aFailureCarriesItAndALocalEnrollmentHasNone() throws {
        var h = MachineHarness()
        h.start(try cloudRequest(), at: Self.t0)
        let failure = try #require(h.send(.tick(Self.t0 + .seconds(45))).deliveredFailures.first)
        #expect(
            failure.resultDeadline == ResultDeadline(at: Self.received.addingTimeInterval(55), remaining: .seconds(10)))

        var local = MachineHarness()
        let token = try local.startKnown(
            try EnrollmentRequest.local(userid: user("bob"), modality: .fingerprint), at: Self.t0)
        local.pressAll(token)
        local.send(.fingerTemplateBuilt(token, template()))
        let commit = try #require(local.send(.duplicateChecked(token, match: nil)).commits.first)
        #expect(commit.resultDeadline == nil)
    }
}
