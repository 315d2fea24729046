import ArgumentParser
import Foundation
import TerminalStore

struct Outbox: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Enrolled templates (and slot deletions) not yet acknowledged by the cloud.")

    @OptionGroup var location: Location

    @Option(help: "At most this many rows.")
    var limit: Int = 100

    func run() throws {
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit: expected 1 to 10000, got \(limit)") }
        let store = try location.openStore()
        let rows = try store.listOutbox(limit: limit)
        let now = Date()
        let givenUp = try store.givenUpCount()
        print("\(try store.outboxCount() - givenUp) pending, \(givenUp) given up")
        for row in rows { print("  " + row.listingLine(now: now, dates: Format.time)) }
    }
}
