import ArgumentParser
import TerminalStore

/// `attendctl passages`: the recent passages (check-in records) and whether the cloud has them.
struct Passages: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recent passages (check-in records), newest first: when, who, how, and whether the cloud took them.")

    @OptionGroup var location: Location

    @Option(help: "At most this many passages.")
    var limit: Int = 20

    func run() throws {
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit: expected 1 to 10000, got \(limit)") }
        let store = try location.openStore()
        let counts = try store.passageCounts()
        print(
            "passages: \(counts.pending) waiting for the cloud, \(counts.undated) waiting for the clock, \(counts.acknowledged) sent"
        )
        for passage in try store.recentPassages(limit: limit) { print(passage.listingLine(dates: Format.time)) }
    }
}
