import Biometrics
import Enrollment
import Foundation
import Testing

/// 107 (cancelled on the terminal: the operator, or SIGTERM) is sent for a cloud operation in every
/// stage but a started commit, which is left to finish and delivers its success.
@Suite struct MachineTerminalCancelTests {
    /// Drives a fresh machine into one stage; returns it with the running token.
    typealias StageSetup = @Sendable (inout MachineHarness) throws -> Void

    static let stages: [(String, StageSetup)] = [
        ("looking up the member", { h in h.start(try cloudRequest()) }),
        ("awaiting the finger", { h in try h.startKnown(try cloudRequest()) }),
        (
            "capturing a press",
            { h in
                let t = try h.startKnown(try cloudRequest())
                h.send(.fingerPresence(t, true))
            }
        ),
        (
            "awaiting the lift",
            { h in
                let t = try h.startKnown(try cloudRequest())
                h.press(t, lift: false)
            }
        ),
        (
            "building the template",
            { h in
                let t = try h.startKnown(try cloudRequest())
                h.pressAll(t)
            }
        ),
        (
            "checking fingerprint duplicates",
            { h in
                let t = try h.startKnown(try cloudRequest())
                h.pressAll(t)
                h.send(.fingerTemplateBuilt(t, template()))
            }
        ),
        ("capturing a face", { h in try h.startKnown(try cloudRequest("op-1", "alice", .face)) }),
        (
            "checking face duplicates",
            { h in
                let t = try h.startKnown(try cloudRequest("op-1", "alice", .face))
                h.send(.faceCaptured(t, .template(template(.face))))
            }
        ),
        ("fetching a photo", { h in try h.startKnown(try photoRequest("op-1", "alice", [(0, "m")])) }),
        (
            "analysing a photo",
            { h in
                let t = try h.startKnown(try photoRequest("op-1", "alice", [(0, "m")]))
                h.send(.photoFetched(t, photoBytes(1)))
            }
        ),
        (
            "checking a photo's duplicates",
            { h in
                let t = try h.startKnown(try photoRequest("op-1", "alice", [(0, "m")]))
                h.send(.photoFetched(t, photoBytes(1)))
                h.send(.photoAnalysed(t, template(.face, [1])))
            }
        ),
    ]

    @Test(arguments: stages.indices)
    func terminalCancelSends107(_ index: Int) throws {
        let (stage, setup) = Self.stages[index]
        var h = MachineHarness()
        try setup(&h)
        let token = try h.token()
        let cancel = h.send(.cancel(.terminal))
        #expect(cancel.contains(.stopWork(token)), "\(stage)")
        #expect(cancel.deliveredFailures.map(\.operID) == ["op-1"], "\(stage)")
        #expect(cancel.deliveredFailures.map(\.failure.errcode) == [107], "\(stage)")
        #expect(cancel.outcome?.result == .failed(.cancelled, reported: true), "\(stage)")
        #expect(h.machine.isIdle, "\(stage)")
    }

    @Test func aStartedCommitIsNotCancelledAndDeliversItsSuccess() throws {
        for request in [try cloudRequest(), try photoRequest("op-1", "alice", [(0, "m")])] {
            var h = MachineHarness()
            let token = try h.startKnown(request)
            if case .photos = request.source {
                h.send(.photoFetched(token, photoBytes(1)))
                h.send(.photoAnalysed(token, template(.face, [1])))
            } else {
                h.pressAll(token)
                h.send(.fingerTemplateBuilt(token, template()))
            }
            h.send(.duplicateChecked(token, match: nil))
            let cancel = h.send(.cancel(.terminal))
            #expect(cancel.deliveredFailures.isEmpty)
            #expect(cancel.outcome == nil)
            #expect(h.machine.runningToken == token)
            #expect(h.send(.committed(token)).deliveredSuccesses.map(\.reportableOperID) == ["op-1"])
        }
    }

    @Test func cancelOfTheRestOfAnAnsweredPhotoPushSendsNothing() throws {
        var h = MachineHarness()
        let token = try h.startKnown(try photoRequest("op-1", "alice", [(0, "a"), (1, "b")]))
        h.send(.photoFetched(token, photoBytes(1)))
        h.send(.photoAnalysed(token, template(.face, [1])))
        h.send(.duplicateChecked(token, match: nil))
        h.send(.committed(token))
        let cancel = h.send(.cancel(.terminal))
        #expect(cancel.deliveredFailures.isEmpty, "oper_id op-1 was answered already")
        #expect(cancel.outcome?.result == .failed(.cancelled, reported: false))
    }
}
