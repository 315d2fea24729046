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
        print("\(try store.outboxCount()) pending")
        for row in rows {
            let kind = row.isDeletion ? "delete" : "\(row.data.count) bytes"
            let oper =
                row.operIDIfWithin(now: now).map { "oper_id \($0)" }
                ?? (row.operation == nil ? "local/re-push" : "re-push (minute passed)")
            print(
                "  #\(row.id.rawValue) \(row.userid) \(row.slot) \(row.algorithm) \(kind)  \(oper)  attempts \(row.attempts)  next \(Format.date(row.nextAttemptAt))"
            )
        }
    }
}
