import Biometrics
import Foundation
import TerminalStore

/// The durable commit alone: one template and its outbox row per transaction on a file store, as the
/// enrollment flow commits them. Shows what `synchronous=FULL` (an fsync of the WAL per commit) costs.
struct StoreCommitBench {
    let commits: Int

    struct Result: Codable {
        let commits: Int
        /// The store's `PRAGMA synchronous` level while measured (2 = FULL).
        let synchronous: Int
        let commitMs: Summary
    }

    func run() throws -> Result {
        let path = temporaryStorePath("commit")
        removeStore(path)
        defer { removeStore(path) }
        let store = try TerminalStore.open(path: path)
        defer { try? store.close() }
        var durations: [Duration] = []
        let clock = ContinuousClock()
        for n in 0..<commits {
            let template = Template(
                modality: .fingerprint, algorithm: .zfmModule,
                data: Data((0..<512).map { UInt8(truncatingIfNeeded: $0 &+ n) }))
            let started = clock.now
            try store.commitEnrollment(
                userid: try UserID(String(format: "commit%05d", n)), userType: .employee,
                slot: SlotID(.fingerprint, 0)!, template: template, operation: nil, now: Date())
            durations.append(started.duration(to: clock.now))
        }
        return Result(commits: commits, synchronous: try store.synchronousLevel(), commitMs: Summary(durations))
    }
}
