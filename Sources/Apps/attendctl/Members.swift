import ArgumentParser
import Biometrics
import TerminalStore

struct Members: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Members known to the terminal: where each came from (pulled from the cloud / enrolled here) and their occupied slots."
    )

    @OptionGroup var location: Location

    @Option(help: "At most this many members.")
    var limit: Int = 100

    @Option(help: "Start after this userid (paging).")
    var after: String?

    func run() throws {
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit: expected 1 to 10000, got \(limit)") }
        let store = try location.openStore()
        let start = try after.map { try UserID($0) }
        let members = try store.directoryMembers(after: start, limit: limit)
        if members.isEmpty {
            print("no members")
            return
        }
        print(
            "userid".padding(toLength: 24, withPad: " ", startingAt: 0)
                + " type      origin   fp slots       fa slots      name"
        )
        for entry in members {
            let member = entry.member
            let fp = try store.occupiedSlots(userid: member.userid, modality: .fingerprint).sorted()
            let fa = try store.occupiedSlots(userid: member.userid, modality: .face).sorted()
            let line =
                member.userid.rawValue.padding(toLength: 24, withPad: " ", startingAt: 0)
                + " " + "\(member.userType)".padding(toLength: 9, withPad: " ", startingAt: 0)
                + " " + entry.origin.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                + " " + list(fp).padding(toLength: 14, withPad: " ", startingAt: 0)
                + " " + list(fa).padding(toLength: 13, withPad: " ", startingAt: 0)
                + " " + member.name
            print(line)
        }
        if members.count == limit, let last = members.last { print("… more: --after \(last.member.userid)") }
    }

    private func list(_ slots: [Int]) -> String {
        slots.isEmpty ? "-" : slots.map(String.init).joined(separator: ",")
    }
}
