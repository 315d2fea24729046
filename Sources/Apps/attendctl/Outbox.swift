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
        for row in rows {
            let kind = row.isDeletion ? "delete" : "\(row.data.count) bytes"
            let oper =
                row.operIDIfWithin(now: now).map { "oper_id \($0)" }
                ?? (row.operation == nil ? "local/re-push" : "re-push (result window passed)")
            let state: String
            if let givenUp = row.givenUp {
                state =
                    "GIVEN UP \(Format.date(givenUp.at)): cloud refused \(givenUp.refusal.errcode) "
                    + "\"\(givenUp.refusal.errmsg)\""
            } else {
                let refused = row.lastRefusal.map { "  last refusal \($0.errcode) \"\($0.errmsg)\"" } ?? ""
                state = "next \(Format.date(row.nextAttemptAt))\(refused)"
            }
            print(
                "  #\(row.id.rawValue) \(row.userid) \(row.slot) \(row.algorithm) \(kind)  \(oper)  attempts \(row.attempts)  \(state)"
            )
        }
    }
}
