import ArgumentParser
import BiometricEvaluation
import Foundation

/// `attendance-bench fingerprint`: our extraction and matching side by side with libfprint's NBIS on
/// the same FVC folders, in one run, plus 1:N over 10,000 templates on one core.
struct FingerprintBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fingerprint",
        abstract:
            "Minutiae extraction and matching vs the NBIS anchor (../shared/bench/nbis_anchor.py) on FVC2002 DB1_B and the FVC2004 DB4_B subset; 1:N over 10,000 templates."
    )

    @Option(help: "Where to write the results.")
    var output: String = "bench-results/fingerprint.json"

    @Option(help: "The shared folder (data and bench scripts).")
    var shared: String = "../shared"

    @Option(help: "The Python that runs the NBIS anchor (Debian's, with python3-gi and libfprint).")
    var python: String = "/usr/bin/python3"

    func run() async throws {
        let folders = ["fvc2002_db1_b", "fvc2004_db4_b_synthetic_subset"].map { "\(shared)/data/fingerprints/\($0)" }
        let anchor = NBISAnchor(script: "\(shared)/bench/nbis_anchor.py", interpreter: python)
        let result = await FingerprintBenchmark(anchor: anchor).runOffPool(folders: folders)
        print(result.text)
        try writeJSON(BenchFile(build: buildKind, date: Date(), result: result), to: output)
        print("wrote \(output)")
    }

    struct BenchFile: Encodable {
        let benchmark = "fingerprint"
        let build: String
        let date: Date
        let result: FingerprintBenchmarkResult
    }
}
