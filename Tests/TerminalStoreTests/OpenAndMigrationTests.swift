import Biometrics
import Foundation
import Testing

@testable import TerminalStore

@Suite("Opening and migrating the database file")
struct OpenAndMigrationTests {
    @Test func freshFileInMissingFoldersIsCreatedAndMigrated() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path("var/lib/attendance/terminal.sqlite")

        let store = try TerminalStore.open(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try store.appliedMigrations() == Schema.knownMigrations)
        #expect(try store.memberCount() == 0)
        #expect(try store.status().schema == ["v1_initial", "v2_outbox_decisions", "v3_directory_sync", "v4_passages"])
        try store.close()
    }

    @Test func reopeningKeepsEverything() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path("terminal.sqlite")
        do {
            let store = try TerminalStore.open(path: path)
            try store.upsertMember(Member(userid: uid("zhangsan"), userType: .employee, name: "张三"))
            try store.commitEnrollment(
                userid: uid("zhangsan"), userType: .employee, slot: slot(.fingerprint, 3), template: fpTemplate(7),
                operation: nil, now: t0)
            try store.saveSecret("s3cr3t")
            try store.savePermVersion(42)
            try store.close()
        }
        let reopened = try TerminalStore.open(path: path)
        #expect(try reopened.member(uid("zhangsan"))?.name == "张三")
        let templates = try reopened.templates(userid: uid("zhangsan"))
        #expect(templates.map(\.slot) == [slot(.fingerprint, 3)])
        #expect(templates.first?.template == fpTemplate(7))
        #expect(templates.first?.enrolledAt == t0)
        #expect(try reopened.outboxCount() == 1)
        #expect(try reopened.secret() == "s3cr3t")
        #expect(try reopened.permVersion() == 42)
        #expect(try reopened.appliedMigrations() == Schema.knownMigrations)
    }

    @Test func garbageFileGivesNotADatabaseAndIsLeftUntouched() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path("terminal.sqlite")
        let garbage = Data("this is a text file, definitely not SQLite\n".utf8) + Data(repeating: 0xAB, count: 4096)
        try garbage.write(to: URL(fileURLWithPath: path))

        let error = #expect(throws: TerminalStoreError.self) { try TerminalStore.open(path: path) }
        guard case .notADatabase(let reportedPath, let detail) = error else {
            Issue.record("expected notADatabase, got \(String(describing: error))")
            return
        }
        #expect(reportedPath == path)
        #expect(detail.contains("SQLite format 3"))
        #expect(error?.description.contains(path) == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: path + "-shm"))
    }

    @Test func directoryInPlaceOfTheFileIsRejected() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path("terminal.sqlite")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        #expect(throws: TerminalStoreError.notADatabase(path: path, detail: "it is a directory")) {
            try TerminalStore.open(path: path)
        }
    }

    @Test func anotherProgramsDatabaseIsRefusedUnchanged() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path("other.sqlite")
        try RawSQL.execute(
            path: path,
            "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (9.5)")
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        #expect(throws: TerminalStoreError.foreignDatabase(path: path, tables: ["invoices"])) {
            try TerminalStore.open(path: path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func databaseFromANewerSchemaIsRefusedAndKeepsItsData() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path("terminal.sqlite")
        do {
            let store = try TerminalStore.open(path: path)
            try store.upsertMember(Member(userid: uid("lisi")))
            try store.close()
        }
        // What a future build would leave behind: an extra migration this build does not know.
        try RawSQL.execute(path: path, "INSERT INTO grdb_migrations (identifier) VALUES ('v9_future')")

        let error = #expect(throws: TerminalStoreError.self) { try TerminalStore.open(path: path) }
        #expect(
            error
                == .newerSchema(
                    path: path, unknownMigrations: ["v9_future"],
                    knownMigrations: ["v1_initial", "v2_outbox_decisions", "v3_directory_sync", "v4_passages"]))
        #expect(error?.description.contains("v1_initial") == true)

        #expect(try RawSQL.strings(path: path, "SELECT userid FROM member") == ["lisi"])
    }

    @Test func emptyFileIsTreatedAsANewDatabase() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path("terminal.sqlite")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let store = try TerminalStore.open(path: path)
        #expect(
            try store.appliedMigrations() == ["v1_initial", "v2_outbox_decisions", "v3_directory_sync", "v4_passages"])
    }

    @Test func inMemoryStoresAreIndependent() throws {
        let a = try TerminalStore.inMemory()
        let b = try TerminalStore.inMemory()
        try a.upsertMember(Member(userid: uid("only-in-a")))
        #expect(try a.memberCount() == 1)
        #expect(try b.memberCount() == 0)
        #expect(a.path == nil)
    }

    @Test func asyncCallersGoThroughPerform() async throws {
        let store = try TerminalStore.inMemory()
        let entry = try await store.perform { store in
            try store.commitEnrollment(
                userid: uid("async"), userType: .student, slot: slot(.face, 11), template: faTemplate(1),
                operation: pushed("op-async", receivedAt: t0), now: t0)
        }
        let pending = try await store.perform { try $0.pendingWithOperID(now: t0.addingTimeInterval(1)) }
        #expect(pending == [entry])
    }
}
