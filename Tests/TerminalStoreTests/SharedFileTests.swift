import Biometrics
import Foundation
import Testing

@testable import TerminalStore

@Suite("One database file shared by the daemon and the CLI")
struct SharedFileTests {
    @Test func twoStoresOnOneFileSeeEachOthersCommits() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path("terminal.sqlite")
        let daemon = try TerminalStore.open(path: path)
        let cli = try TerminalStore.open(path: path)

        let entry = try daemon.commitEnrollment(
            userid: uid("shared"), userType: .employee, slot: slot(.fingerprint, 0), template: fpTemplate(1),
            operation: nil, now: t0)
        #expect(try cli.listOutbox() == [entry])
        try cli.acknowledge([entry.id])
        #expect(try daemon.outboxCount() == 0)
    }

    @Test func aHandEditedRowIsReportedNotCrashedOn() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path("terminal.sqlite")
        let store = try TerminalStore.open(path: path)
        try RawSQL.execute(
            path: path,
            """
            INSERT INTO outbox (userid, user_type, modality, slot, algorithm, data, attempts, next_attempt_at, created_at)
            VALUES ('u', 0, 'fp', 15, 'default', x'01', 0, 0, 0)
            """)
        #expect(throws: TerminalStoreError.corruptRecord(table: "outbox", column: "slot", value: "15")) {
            try store.listOutbox()
        }
        #expect(try store.outboxCount() == 1)
    }
}
