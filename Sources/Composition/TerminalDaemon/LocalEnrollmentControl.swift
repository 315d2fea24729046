import Biometrics
import DeviceSetup
import Enrollment
import Foundation
import Measuring

extension Terminal {
    /// `attendctl enroll USERID --fp|--face` (`enroll local`): refuses when the enterprise has not
    /// allowed self-enrollment of `modality`, when its device is missing or absent, or when an
    /// enrollment runs (101, the runner's busy rule); else runs a local enrollment (no `oper_id`: the
    /// runner checks an unknown userid with `check_userid`, the outbox uploads the template without
    /// `oper_id`) and answers when it has ended. The answer comes within `localReplyLimit`.
    func enrollLocally(_ userid: UserID, _ modality: Modality) async -> ControlReply {
        let what = "the local \(SelfInput.noun(modality)) enrollment of \(userid)"
        if let refusal = await selfInput.refusal(for: modality) { return ControlReply(ok: false, message: refusal) }
        if let running = await runner.runningRequest {
            return ControlReply(
                ok: false,
                message: "\(what) is refused with 101 (busy): the \(running.modality.rawValue) enrollment of "
                    + "\(running.userid) (\(running.operID.map { "oper_id \($0)" } ?? "local")) is running; "
                    + "wait for its end or cancel it with attendctl enroll cancel")
        }
        let request: EnrollmentRequest
        do {
            request = try .local(userid: userid, modality: modality)
        } catch {
            return ControlReply(ok: false, message: "\(what) is refused: \(error)")
        }
        reporter.report(.notice("the operator starts \(what) at the terminal"))
        let token: EnrollmentToken
        switch await runner.start(request) {
        case .started(let started):
            token = started
        case .rejected(let failure):
            return ControlReply(ok: false, message: "\(what) is refused: \(failure) (errmsg \(failure.errmsg))")
        case .ignored:
            return ControlReply(ok: false, message: "\(what) was not started by the enrollment runner")
        }
        let ending = Task { [runner, reporter, face = selfInput.face, log = selfInput.log] in
            let outcome = await runner.waitForCompletion(of: token)
            if let outcome { reporter.report(.outcome(outcome)) }
            if let outcome, case .failed(let failure, _) = outcome.result {
                await log.record(localFailure: failure, of: outcome.request)
            }
            if modality == .face { await face?.release() }
            return outcome
        }
        let limit = localReplyLimit
        switch await Self.first(of: ending, within: limit, clock: clock) {
        case .ended(let outcome?):
            return Self.reply(to: outcome, what)
        case .ended(nil):
            return ControlReply(ok: false, message: "\(what) ended, but the runner no longer knows how")
        case .timedOut:
            return ControlReply(
                ok: false, message: "\(what) had not ended within \(limit); see attendctl log for its outcome")
        case .abandoned:
            return ControlReply(
                ok: false, message: "the daemon is stopping: \(what) is cancelled (107) with the other enrollments")
        }
    }

    /// The longest a local enrollment's answer waits: the enrollment ends by its result deadline (the
    /// capture deadline before it), except a commit under way, which gets `ShutdownBudget.enrollment`.
    var localReplyLimit: Duration { selfInput.settings.resultDeadline + budget.enrollment }

    static func reply(to outcome: EnrollmentOutcome, _ what: String) -> ControlReply {
        let took = "in \(String(format: "%.1f", outcome.elapsed.seconds)) s"
        switch outcome.result {
        case .enrolled(let slot, _):
            return ControlReply(
                ok: true,
                message: "\(what) enrolled into slot \(slot.index) (\(slot)) \(took); queued for upload_userinfo "
                    + "without oper_id")
        case .failed(let failure, _):
            let why =
                failure == .unknownMember
                ? "; check_userid says \(outcome.request.userid) is not in this device's scope" : ""
            return ControlReply(
                ok: false, message: "\(what) failed \(took): \(failure) (errmsg \(failure.errmsg))\(why)")
        case .cancelled:
            return ControlReply(ok: false, message: "\(what) was cancelled \(took)")
        }
    }

    /// How waiting for a local enrollment ended.
    enum LocalWait: Sendable {
        case ended(EnrollmentOutcome?)
        case timedOut
        /// The control handler was cancelled (the daemon is stopping).
        case abandoned
    }

    /// The enrollment's end, the time limit or the caller's cancellation, whichever comes first; the
    /// enrollment itself goes on (its outcome is still reported).
    static func first(
        of ending: Task<EnrollmentOutcome?, Never>, within limit: Duration, clock: any Clock<Duration>
    ) async -> LocalWait {
        let (answers, continuation) = AsyncStream.makeStream(of: LocalWait.self, bufferingPolicy: .bufferingNewest(2))
        let timer = Task {
            try? await clock.sleep(for: limit)
            if !Task.isCancelled { continuation.yield(.timedOut) }
        }
        let end = Task { continuation.yield(.ended(await ending.value)) }
        defer {
            timer.cancel()
            end.cancel()
            continuation.finish()
        }
        for await answer in answers { return answer }
        return .abandoned
    }
}
