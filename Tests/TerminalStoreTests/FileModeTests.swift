import Biometrics
import Foundation
import Testing

@testable import TerminalStore

/// The store holds members' templates and the device's credentials: its files must never be readable by
/// others, whatever the umask of the process that creates them.
@Suite("File modes of the store, its WAL and shared-memory files", .serialized)
struct FileModeTests {
    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o7777
    }

    /// Runs `body` with umask 0, the most permissive one, so that only explicit modes count.
    static func withPermissiveUmask<T>(_ body: () throws -> T) rethrows -> T {
        let previous = umask(0o000)
        defer { umask(previous) }
        return try body()
    }

    /// Writes a committed enrollment so that SQLite has made its WAL and shared-memory files.
    static func writeSomething(_ store: TerminalStore) throws {
        try store.upsertMember(Member(userid: uid("zhangsan"), userType: .employee, name: "张三"))
        try store.commitEnrollment(
            userid: uid("zhangsan"), userType: .employee, slot: slot(.fingerprint, 0), template: fpTemplate(1),
            operation: nil, now: t0)
    }

    @Test("under umask 0 a new store, its -wal and -shm are 0600 and new folders 0750")
    func newStoreIsPrivate() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path("var/lib/attendanced/terminal.sqlite")
        try Self.withPermissiveUmask {
            let store = try TerminalStore.open(path: path)
            try Self.writeSomething(store)
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
            #expect(FileManager.default.fileExists(atPath: path + "-shm"))
            for file in TerminalStore.databaseFiles(path: path) where FileManager.default.fileExists(atPath: file) {
                #expect(Self.mode(file) == 0o600, "\(file)")
            }
            #expect(Self.mode(dir.path("var/lib/attendanced")) == 0o750)
            #expect(Self.mode(dir.path("var")) == 0o750)
            try store.close()
        }
    }

    @Test("SQLite gives a new WAL and shared-memory file the database's own mode (0640 stays 0640)")
    func walFollowsTheDatabase() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let path = dir.path("terminal.sqlite")
        do {
            let store = try TerminalStore.open(path: path)
            try store.close()
        }
        for file in TerminalStore.databaseFiles(path: path).dropFirst() { unlink(file) }
        chmod(path, 0o640)
        try Self.withPermissiveUmask {
            let store = try TerminalStore.open(path: path)
            try Self.writeSomething(store)
            #expect(Self.mode(path + "-wal") == 0o640)
            #expect(Self.mode(path + "-shm") == 0o640)
            try store.close()
        }
    }

    @Test("an existing empty file is used as it is, and an existing folder keeps its mode")
    func existingFilesKeepTheirModes() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        chmod(dir.url.path, 0o700)
        let path = dir.path("terminal.sqlite")
        #expect(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]))
        try Self.withPermissiveUmask {
            let store = try TerminalStore.open(path: path)
            try Self.writeSomething(store)
            try store.close()
        }
        #expect(Self.mode(path) == 0o600)
        #expect(Self.mode(dir.url.path) == 0o700)
    }

    @Test("the store names every file SQLite keeps beside the database")
    func databaseFiles() {
        #expect(
            TerminalStore.databaseFiles(path: "/var/lib/a/t.sqlite") == [
                "/var/lib/a/t.sqlite", "/var/lib/a/t.sqlite-wal", "/var/lib/a/t.sqlite-shm",
                "/var/lib/a/t.sqlite-journal",
            ])
    }
}
