import DeviceSetup

extension Terminal {
    /// `attendctl sync --full`: a full pull now, queued behind the directory jobs already waiting; the
    /// reply says what it pulled or why it did not finish (what it committed stays, the next login resumes).
    func pullDirectoryInFull() async -> ControlReply {
        reporter.report(.notice("the operator asks for a full pull of the member directory"))
        switch await directory.pullInFull() {
        case .success(let record):
            return ControlReply(ok: true, message: "pulled \(record)")
        case .failure(let error):
            return ControlReply(ok: false, message: "the full pull did not finish: \(error)")
        }
    }
}
