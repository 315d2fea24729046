import Biometrics
import Enrollment
import Foundation
import Measuring
import TerminalStore

/// Keeps the store's record of the cloud operation in progress and, when the daemon starts, answers the
/// one a killed daemon left behind: 110 while its result window is still open, unless a result of it was
/// already produced (its success is in the outbox, or its outcome in the enrollment log). Without this
/// the cloud would wait out its own timeout for an operation the terminal can no longer finish.
struct InterruptedOperation: Sendable {
    let store: TerminalStore
    let sink: any EnrollmentResultSink
    /// `EnrollmentSettings.resultDeadline`.
    let window: Duration
    let wallClock: @Sendable () -> Date
    let reporter: any TerminalReporter

    /// The failure a restarted terminal reports for an operation it accepted before the restart.
    static let failure = EnrollmentFailure.deviceFault("the terminal restarted during this enrollment")

    /// `request` was accepted now: remember it until `ended`.
    func started(_ request: EnrollmentRequest) async {
        guard let operID = request.operID else { return }
        let deadline = ResultDeadline(receivedAt: wallClock(), window: window, elapsed: .zero)
        let operation = OperationInProgress(
            operID: operID, userid: request.userid, userType: request.userType, modality: request.modality,
            deadline: deadline.at, window: deadline.remaining.seconds)
        await record { try $0.recordOperationInProgress(operation) }
    }

    /// `request` ended (its result is delivered or dropped).
    func ended(_ request: EnrollmentRequest) async {
        guard let operID = request.operID else { return }
        await record { try $0.clearOperationInProgress(operID: operID) }
    }

    /// Answers the operation a previous run left in progress, then forgets it.
    func answerLeftover() async {
        let leftover: OperationInProgress?
        let answered: Bool
        do {
            (leftover, answered) = try await store.perform { store in
                guard let operation = try store.operationInProgress() else { return (nil, false) }
                return (operation, try store.hasResult(forOperID: operation.operID))
            }
        } catch {
            reporter.report(.notice("the operation left in progress cannot be read: \(error)"))
            return
        }
        guard let leftover else { return }
        let deadline = ResultDeadline(at: leftover.deadline, remaining: .seconds(leftover.window))
        if answered {
            reporter.report(.notice("oper_id \(leftover.operID), in progress at the last stop, has its result"))
        } else if deadline.isOpen(atWall: wallClock()) {
            reporter.report(
                .notice("oper_id \(leftover.operID) was in progress when the daemon stopped: answering 110"))
            await sink.deliverFailure(
                FailedEnrollment(
                    operID: leftover.operID, userid: leftover.userid, userType: leftover.userType,
                    modality: leftover.modality, failure: Self.failure,
                    receivedAt: leftover.deadline.addingTimeInterval(-leftover.window), resultDeadline: deadline))
        } else {
            reporter.report(
                .notice(
                    "oper_id \(leftover.operID) was in progress when the daemon stopped; its result window has closed"))
        }
        await record { try $0.clearOperationInProgress(operID: leftover.operID) }
    }

    private func record(_ change: @escaping @Sendable (TerminalStore) throws -> Void) async {
        do {
            try await store.perform(change)
        } catch {
            reporter.report(.notice("the operation in progress cannot be recorded: \(error)"))
        }
    }
}
