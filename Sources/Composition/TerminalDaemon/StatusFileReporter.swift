import DeviceSetup
import Enrollment
import Foundation
import Measuring
import Recognition
import Synchronization
import WeComDevice

/// Keeps `DaemonStatus` current from the events and writes it (atomically, off the caller's thread)
/// to the status path that `attendctl status` reads.
public final class StatusFileReporter: TerminalReporter {
    private let path: String
    private let status: Mutex<DaemonStatus>
    private let queue = DispatchQueue(label: "attendanced.status-file")
    /// Touched only on `queue`: a failing status path is reported once, not on every event.
    private nonisolated(unsafe) var reportedWriteFailure = false

    /// `faceProblem`: why faces are off although a camera is configured (shown by `attendctl status`).
    public init(
        path: String, sn: String, endpoint: String, fingerprintDevice: String, faceDevice: String = "none",
        faceProblem: String? = nil
    ) {
        self.path = path
        let now = Date()
        status = Mutex(
            DaemonStatus(
                pid: getpid(), startedAt: now, updatedAt: now, sn: sn, endpoint: endpoint, session: "starting",
                fingerprintDevice: fingerprintDevice, faceDevice: faceDevice, faceProblem: faceProblem,
                enrollment: nil, lastResult: nil))
        flush()
    }

    public func report(_ event: TerminalEvent) {
        let changed: Bool = status.withLock { status in
            switch event {
            case .session(let state):
                status.session = ConsoleReporter.describe(state)
            case .prompt(let prompt):
                // The same operation goes on: a local one (no oper_id) is known by its userid and modality.
                var startedAt = Date()
                if let running = status.enrollment, running.operID == prompt.operID,
                    running.userid == prompt.userid.rawValue, running.modality == prompt.modality.rawValue
                {
                    startedAt = running.startedAt
                }
                status.enrollment = DaemonStatus.RunningEnrollment(
                    operID: prompt.operID, userid: prompt.userid.rawValue, modality: prompt.modality.rawValue,
                    prompt: prompt.prompt.english, startedAt: startedAt)
            case .outcome:
                status.enrollment = nil
                status.lastResult = ConsoleReporter.line(for: event)?.1
            case .devicePresence(let role, let presence):
                status.setPresence(presence, of: role)
            case .recognition(let verdict, let decision) where decision != .repeated:
                status.append(Self.statusEvent(verdict, decision))
            default:
                return false
            }
            status.updatedAt = Date()
            return true
        }
        if changed { flush() }
    }

    static func statusEvent(
        _ verdict: RecognitionVerdict, _ decision: RecognitionDecision
    ) -> DaemonStatus.RecognitionEvent {
        var band: String?
        if case .recognised(_, _, _, let scoreBand) = verdict.outcome { band = scoreBand.rawValue }
        return DaemonStatus.RecognitionEvent(
            at: Date(), modality: verdict.modality.rawValue, decision: decision == .passage ? "passage" : "refused",
            userid: verdict.userid?.rawValue, band: band, latencyMilliseconds: verdict.latency.seconds * 1000,
            text: ConsoleReporter.describe(verdict, decision))
    }

    /// Waits until every write queued so far is done (for tests).
    func waitForWrites() {
        queue.sync {}
    }

    private func flush() {
        let snapshot = status.withLock { $0 }
        queue.async { [self] in
            do {
                try snapshot.write(to: path)
                reportedWriteFailure = false
            } catch  where !reportedWriteFailure {
                reportedWriteFailure = true
                FileHandle.standardError.write(
                    Data("attendanced: cannot write the status file \(path): \(error)\n".utf8))
            } catch {}
        }
    }
}
