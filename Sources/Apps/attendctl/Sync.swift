import ArgumentParser
import Biometrics
import DeviceSetup
import Foundation
import TerminalStore

/// `attendctl sync`: where the member directory stands against the cloud.
struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The member directory's sync with the cloud: version, last full pull, a pull under way, counts.",
        discussion:
            "--full asks the running daemon (through control.sock beside the status file) to pull the whole directory now and waits for it; exits 1 when no daemon runs or the pull does not finish."
    )

    @OptionGroup var location: Location

    @Flag(help: "Ask the running daemon for a full pull now, wait for it, then show the state.")
    var full = false

    func run() throws {
        if full {
            try location.askDaemon(.syncFull, timeout: ControlSocket.fullPullReplyTimeout, as: "attendctl sync --full")
        }
        let store = try location.openStore()
        for line in try Self.lines(store) { print(line) }
    }

    static func lines(_ store: TerminalStore) throws -> [String] {
        var lines = [
            "perm_version \(try store.permVersion().map(String.init) ?? "none (the next login pulls in full)")"
        ]
        if let progress = try store.directoryPullProgress() {
            lines.append(
                "pulling     v\(progress.targetVersion) since \(Format.date(progress.startedAt)): \(progress.pages) pages, \(progress.members) members so far, resumes at offset \(progress.nextOffset)"
            )
        }
        if let last = try store.lastDirectoryPull() {
            lines.append("last pull   \(last), finished \(Format.date(last.finishedAt))")
        } else {
            lines.append("last pull   never")
        }
        let members = try store.memberCounts()
        let templates = try store.templateCounts()
        lines.append(
            "members     \(members.values.reduce(0, +)): \(members[.pulled] ?? 0) pulled, \(members[.enrolled] ?? 0) enrolled here"
        )
        lines.append(
            "templates   " + Modality.allCases.map { "\($0.rawValue) \(templates[$0] ?? 0)" }.joined(separator: ", "))
        return lines
    }
}
