import Biometrics
import Enrollment
import Foundation
import Logging
import TerminalStore

/// Writes every enrollment result, success or failure, to the store's enrollment log (`attendctl log`).
/// A write that fails is logged and does not hold up the result.
public struct EnrollmentLog: Sendable {
    private let store: TerminalStore
    private let wallClock: @Sendable () -> Date
    private let logger: Logger

    public init(store: TerminalStore, wallClock: @escaping @Sendable () -> Date, logger: Logger) {
        self.store = store
        self.wallClock = wallClock
        self.logger = logger
    }

    public func record(_ enrollment: CommittedEnrollment) async {
        await append(
            userid: enrollment.userid, modality: enrollment.slot.modality, slot: enrollment.slot.index,
            operID: enrollment.operID, errcode: 0, errmsg: "ok")
    }

    public func record(_ failure: FailedEnrollment) async {
        await append(
            userid: failure.userid, modality: failure.modality, slot: nil, operID: failure.operID,
            errcode: failure.failure.errcode, errmsg: failure.failure.errmsg)
    }

    /// A local enrollment's failure: nothing goes to the cloud for it, so the log is where it is seen.
    public func record(localFailure failure: EnrollmentFailure, of request: EnrollmentRequest) async {
        await append(
            userid: request.userid, modality: request.modality, slot: nil, operID: nil, errcode: failure.errcode,
            errmsg: failure.errmsg)
    }

    private func append(userid: UserID, modality: Modality, slot: Int?, operID: String?, errcode: Int, errmsg: String)
        async
    {
        let entry = EnrollmentLogEntry(
            at: wallClock(), userid: userid.rawValue, modality: modality, slot: slot, operID: operID,
            errcode: errcode, errmsg: errmsg)
        do {
            _ = try await store.perform { try $0.appendEnrollmentLog(entry) }
        } catch {
            logger.error("enrollment log: \(error)")
        }
    }
}
