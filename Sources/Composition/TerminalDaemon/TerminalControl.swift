import DeviceSetup
import Enrollment

extension Terminal {
    /// Answers a command from the control socket (`attendctl`).
    public func handleControl(_ command: ControlCommand) async -> ControlReply {
        switch command {
        case .enrollCancel:
            return Self.reply(to: await cancelRunningEnrollment())
        case .enrollLocal(let userid, let modality):
            return await enrollLocally(userid, modality)
        case .syncFull:
            return await pullDirectoryInFull()
        case .identify(let modality):
            return await identifyByHand(modality)
        }
    }

    static func reply(to result: TerminalCancelResult) -> ControlReply {
        switch result {
        case .nothingRunning:
            return ControlReply(ok: false, message: "nothing to cancel: no enrollment is running")
        case .cancelled(let request, let outcome):
            let subject =
                "the \(request.modality.rawValue) enrollment of \(request.userid) (\(request.operID.map { "oper_id \($0)" } ?? "local"))"
            guard let outcome else {
                return ControlReply(
                    ok: false, message: "\(subject) was asked to cancel but had not ended within the time allowed")
            }
            switch outcome.result {
            case .failed(.cancelled, let reported):
                return ControlReply(
                    ok: true,
                    message: "cancelled \(subject): "
                        + (reported
                            ? "107 已取消 sent to the cloud" : "107, not sent (a local operation or past its window)"))
            case .failed(let failure, _):
                return ControlReply(ok: false, message: "\(subject) had already ended: \(failure)")
            case .enrolled(let slot, _):
                return ControlReply(
                    ok: false, message: "\(subject) was already being committed and ended enrolled into \(slot)")
            case .cancelled:
                return ControlReply(ok: false, message: "\(subject) had already been cancelled by the cloud")
            }
        }
    }
}
