import ArgumentParser
import Biometrics
import DeviceSetup
import Foundation

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The daemon's session and enrollment state, and the store's counts.")

    @OptionGroup var location: Location

    func run() throws {
        let paths = try location.paths()
        if let status = try? DaemonStatus.read(from: paths.status) {
            let alive = kill(status.pid, 0) == 0
            print("daemon      pid \(status.pid) \(alive ? "running" : "NOT running (stale status file)")")
            print("device      sn \(status.sn) → \(status.endpoint)")
            print("session     \(status.session)   (updated \(Format.date(status.updatedAt)))")
            print("fingerprint \(status.fingerprintDevice)")
            for line in Self.presenceLines(status.fingerprintPresence) { print("            \(line)") }
            print("face        \(status.faceDevice ?? "none")")
            if let problem = status.faceProblem { print("            faces off: \(problem)") }
            for line in Self.presenceLines(status.facePresence) { print("            \(line)") }
            if let running = status.enrollment {
                print(
                    "enrolling   \(running.userid) \(running.modality) oper_id=\(running.operID ?? "-"): \(running.prompt)"
                )
            } else {
                print("enrolling   idle")
            }
            if let last = status.lastResult { print("last result \(last)") }
        } else {
            print("daemon      no status at \(paths.status) (not running, or never started)")
        }
        let store = try location.openStore()
        let summary = try store.status()
        print("members     \(summary.members)")
        let templates = Modality.allCases.map { "\($0.rawValue) \(summary.templates[$0] ?? 0)" }.joined(separator: ", ")
        print("templates   \(templates)")
        print(
            "outbox      \(summary.outboxRows) pending"
                + (summary.oldestPendingAt.map { ", oldest \(Format.date($0))" } ?? ""))
        print(
            "credentials active_code \(summary.hasActiveCode ? "stored" : "none"), secret \(summary.hasSecret ? "stored" : "none"), perm_version \(summary.permVersion.map(String.init) ?? "-")"
        )
    }
}

extension Status {
    /// The presence lines of a device (`DevicePresence.statusLines`), none for a status file without them.
    static func presenceLines(_ presence: DevicePresence?) -> [String] {
        presence?.statusLines(dates: Format.time) ?? []
    }
}
