import ArgumentParser
import Foundation

/// `attendance-bench enrollment`: enrollment overhead and the 10,000-user re-push.
struct EnrollmentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrollment",
        abstract:
            "Enrollment overhead (last press → upload frame, 1,000 members stored) and the re-push of 10,000 pending users."
    )

    @Option(help: "Where to write the results.")
    var output: String = "bench-results/enrollment.json"

    @Option(help: "Other members' fingerprints in the store during the overhead runs.")
    var members: Int = 1000

    @Option(help: "Enrollments measured.")
    var runs: Int = 20

    @Option(help: "Pending users re-pushed after the outage.")
    var pending: Int = 10_000

    struct Report: Codable {
        let benchmark: String
        let date: Date
        let build: String
        let cores: Int
        let enrollmentOverhead: EnrollmentOverheadBench.Result
        /// The same runs with the pairwise duplicate check, as the baseline for the library search.
        let enrollmentOverheadPairwise: EnrollmentOverheadBench.Result
        let repush: RepushBench.Result
        /// One commit (template + outbox row) on a file store, alone.
        let storeCommit: StoreCommitBench.Result
    }

    func validate() throws {
        guard members >= 0, runs >= 1, pending >= 1 else {
            throw ValidationError("--members ≥ 0, --runs ≥ 1, --pending ≥ 1")
        }
    }

    func run() async throws {
        print("enrollment overhead: \(runs) enrollments with \(members) members' fingerprints stored …")
        let overhead = try await EnrollmentOverheadBench(members: members, runs: runs, search: .library).run()
        let pairwise = try await EnrollmentOverheadBench(members: members, runs: runs, search: .pairwise).run()
        for (name, result) in [("library search", overhead), ("pairwise (baseline)", pairwise)] {
            print(
                "  \(name): "
                    + String(
                        format:
                            "last accepted press → upload_userinfo written: median %.1f ms, p95 %.1f ms (%.3f%% of the 60 s budget); duplicate check median %.1f ms",
                        result.overheadMs.median, result.overheadMs.p95, result.medianShareOfBudget * 100,
                        result.duplicateCheckMs.median))
        }
        print("re-push: \(pending) pending users in batches of ≤200 …")
        let repush = try await RepushBench(pending: pending).run()
        print(
            String(
                format: "  %d uploads, %.0f ms in all, %.0f users/s, batch round trip median %.1f ms",
                repush.uploads, repush.totalMs, repush.usersPerSecond, repush.batchRoundTripMs.median))
        let commit = try StoreCommitBench(commits: 200).run()
        print(
            String(
                format: "store commit (synchronous=%d): %d commits, median %.2f ms, p95 %.2f ms",
                commit.synchronous, commit.commits, commit.commitMs.median, commit.commitMs.p95))
        try writeJSON(
            Report(
                benchmark: "enrollment", date: Date(), build: buildKind,
                cores: ProcessInfo.processInfo.activeProcessorCount,
                enrollmentOverhead: overhead, enrollmentOverheadPairwise: pairwise, repush: repush,
                storeCommit: commit),
            to: output)
        print("wrote \(output)")
    }
}
