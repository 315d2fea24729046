import ArgumentParser
import Foundation

@main
struct AttendanceBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attendance-bench",
        abstract: "Benchmarks of the terminal against its simulators; writes one JSON file.")

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
        let repush: RepushBench.Result
    }

    func validate() throws {
        guard members >= 0, runs >= 1, pending >= 1 else { throw ValidationError("--members ≥ 0, --runs ≥ 1, --pending ≥ 1") }
    }

    func run() async throws {
        print("enrollment overhead: \(runs) enrollments with \(members) members' fingerprints stored …")
        let overhead = try await EnrollmentOverheadBench(members: members, runs: runs).run()
        print(String(format: "  last accepted press → upload_userinfo written: median %.1f ms, p95 %.1f ms (%.3f%% of the 60 s budget)",
                     overhead.overheadMs.median, overhead.overheadMs.p95, overhead.medianShareOfBudget * 100))
        print(String(format: "  of which duplicate check against %d templates: median %.1f ms", members, overhead.duplicateCheckMs.median))
        print("re-push: \(pending) pending users in batches of ≤200 …")
        let repush = try await RepushBench(pending: pending).run()
        print(String(format: "  %d uploads, %.0f ms in all, %.0f users/s, batch round trip median %.1f ms",
                     repush.uploads, repush.totalMs, repush.usersPerSecond, repush.batchRoundTripMs.median))
        #if DEBUG
        let build = "debug"
        #else
        let build = "release"
        #endif
        let report = Report(
            benchmark: "enrollment", date: Date(), build: build, cores: ProcessInfo.processInfo.activeProcessorCount,
            enrollmentOverhead: overhead, repush: repush)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        let url = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try encoder.encode(report).write(to: url)
        print("wrote \(output)")
    }
}
