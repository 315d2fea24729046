import Synchronization
import WeComDevice

/// The cloud as the result senders see it, remembering which `oper_id`s the cloud has answered, so
/// that a shutdown can wait until the 107 of the enrollment it cancelled has actually been delivered
/// (the failure sender sends from a task of its own).
final class AnsweredUploads: CloudUploading {
    private let cloud: any CloudUploading
    private struct State {
        /// The most recent answered `oper_id`s, oldest first (a shutdown asks about the latest one).
        var answered: [String] = []
        var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]
    }
    private let state = Mutex(State())
    private static let remembered = 64

    init(_ cloud: any CloudUploading) {
        self.cloud = cloud
    }

    func uploadUserInfo(_ upload: UploadUserInfo) async throws -> UploadUserInfoResponse {
        let response = try await cloud.uploadUserInfo(upload)
        if let operID = upload.result?.operID { answered(operID) }
        return response
    }

    /// Returns once an upload with `operID` has been answered by the cloud (any `errcode`); waits for
    /// ever otherwise, so callers bound it (`BoundedWait`). Cancellation does not end the wait.
    func waitForAnswer(to operID: String) async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state -> Bool in
                if state.answered.contains(operID) { return true }
                state.waiters[operID, default: []].append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    private func answered(_ operID: String) {
        let waiters = state.withLock { state in
            state.answered.append(operID)
            if state.answered.count > Self.remembered { state.answered.removeFirst() }
            return state.waiters.removeValue(forKey: operID) ?? []
        }
        waiters.forEach { $0.resume() }
    }
}
