import ArgumentParser
import Biometrics
import Crypto
import Foundation
import TerminalStore

struct Slots: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "A member's template slots: algorithm, size, digest, time. Template bytes are never printed.")

    @OptionGroup var location: Location

    @Argument(help: "The member's userid.")
    var userid: String

    func run() throws {
        let id: UserID
        do { id = try UserID(userid) } catch { throw ValidationError("\(error)") }
        let store = try location.openStore()
        guard let member = try store.member(id) else { throw ValidationError("no member \(userid) on this terminal") }
        print("\(member.userid) (\(member.userType)) \(member.name)")
        let templates = try store.templates(userid: id).sorted { $0.slot < $1.slot }
        if templates.isEmpty {
            print("  no templates")
            return
        }
        for entry in templates {
            print(
                "  \(entry.slot)  \(entry.template.algorithm)  \(entry.template.data.count) bytes  sha256:\(digest(entry.template.data))  \(Format.date(entry.enrolledAt))"
            )
        }
    }

    private func digest(_ data: Data) -> String {
        SHA256.hash(data: data).prefix(6).map { String(format: "%02x", $0) }.joined()
    }
}
