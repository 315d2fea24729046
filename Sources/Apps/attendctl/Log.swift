import ArgumentParser
import TerminalStore

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recent enrollments, successes and failures, newest first.")

    @OptionGroup var location: Location

    @Option(help: "At most this many entries.")
    var limit: Int = 20

    func run() throws {
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit: expected 1 to 10000, got \(limit)") }
        let store = try location.openStore()
        for entry in try store.recentEnrollmentLog(limit: limit) {
            let slot = entry.slot.map { "#\($0)" } ?? ""
            print(
                "\(Format.date(entry.at))  \(entry.userid)  \(entry.modality.rawValue)\(slot)  oper_id \(entry.operID ?? "-")  \(entry.errcode) \(entry.errmsg)"
            )
        }
    }
}
