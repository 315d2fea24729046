import Biometrics
import Foundation
import GRDB
import TerminalStore
import Testing

/// The self-enrollment switches (`push_open_self_input`) in the store's `setting` table.
@Suite("Self-enrollment switches")
struct SelfInputPermissionTests {
    @Test func nothingIsAllowedUntilTheCloudSaysSo() throws {
        let store = try TerminalStore.inMemory()
        let permission = try store.selfInputPermission()
        #expect(permission == .notReceived)
        #expect(!permission.allows(.fingerprint))
        #expect(!permission.allows(.face))
    }

    @Test func theLastPushIsKeptWithItsTime() throws {
        let store = try TerminalStore.inMemory()
        let first = Date(timeIntervalSince1970: 1_767_225_600)
        try store.saveSelfInputPermission(SelfInputPermission(fingerprint: true, face: false, receivedAt: first))
        #expect(
            try store.selfInputPermission() == SelfInputPermission(fingerprint: true, face: false, receivedAt: first))
        #expect(try store.selfInputPermission().allows(.fingerprint))
        #expect(try !store.selfInputPermission().allows(.face))
        let second = first.addingTimeInterval(60)
        try store.saveSelfInputPermission(SelfInputPermission(fingerprint: false, face: true, receivedAt: second))
        #expect(
            try store.selfInputPermission() == SelfInputPermission(fingerprint: false, face: true, receivedAt: second))
    }

    @Test func theSwitchesSurviveReopeningTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("selfinput-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("terminal.sqlite").path
        let at = Date(timeIntervalSince1970: 1_767_225_600)
        do {
            let store = try TerminalStore.open(path: path)
            try store.saveSelfInputPermission(SelfInputPermission(fingerprint: true, face: true, receivedAt: at))
        }
        let reopened = try TerminalStore.open(path: path)
        #expect(
            try reopened.selfInputPermission() == SelfInputPermission(fingerprint: true, face: true, receivedAt: at))
    }

    @Test func anUnbindTurnsThemOff() throws {
        let store = try TerminalStore.inMemory()
        try store.saveSelfInputPermission(SelfInputPermission(fingerprint: true, face: true, receivedAt: Date()))
        try store.wipeForUnbind()
        #expect(try store.selfInputPermission() == .notReceived)
    }

    @Test func aDamagedRowIsReportedNotReadAsAllowed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("selfinput-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("terminal.sqlite").path
        _ = try TerminalStore.open(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO setting (key, value) VALUES ('self_input', 'fp=yes fa=0')")
        }
        try queue.close()
        let store = try TerminalStore.open(path: path)
        #expect(throws: TerminalStoreError.corruptRecord(table: "setting", column: "self_input", value: "fp=yes fa=0"))
        {
            try store.selfInputPermission()
        }
    }
}
