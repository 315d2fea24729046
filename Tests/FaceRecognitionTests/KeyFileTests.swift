import Foundation
import Testing

@testable import FaceRecognition

#if canImport(Glibc)
    import Glibc
#endif

struct KeyFileTests {
    /// A fresh path in a private temporary folder, removed afterwards by `cleanUp`.
    static func temporaryKeyPath() throws -> (path: String, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("face-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (folder.appendingPathComponent("face.key").path, folder)
    }

    static func mode(_ path: String) -> UInt32 {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0xFFFF }
        return UInt32(info.st_mode) & 0o777
    }

    @Test("create writes 40 bytes with mode 0600 and load returns the same key")
    func createAndLoad() throws {
        let (path, folder) = try Self.temporaryKeyPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let previous = umask(0o000)
        defer { umask(previous) }
        let file = FaceProtectionKeyFile(path: path)
        let created = try file.create()
        #expect(Self.mode(path) == 0o600)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)).count == 40)
        #expect(try file.load() == created)
        #expect(created.version == 1)
        #expect(throws: FaceKeyError.alreadyExists(path: path)) { try file.create() }
    }

    @Test("A key file readable by group or others is refused with its mode")
    func insecureMode() throws {
        let (path, folder) = try Self.temporaryKeyPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = FaceProtectionKeyFile(path: path)
        try file.create()
        chmod(path, 0o644)
        #expect(throws: FaceKeyError.insecurePermissions(path: path, mode: 0o644)) { try file.load() }
        #expect(FaceKeyError.insecurePermissions(path: path, mode: 0o644).description.contains("expected 600"))
    }

    @Test("Wrong size, wrong signature and a missing file are refused with the field named")
    func malformedFiles() throws {
        let (path, folder) = try Self.temporaryKeyPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = FaceProtectionKeyFile(path: path)
        try file.create()
        truncate(path, 39)
        #expect(throws: FaceKeyError.malformed(field: "file size", detail: "39 bytes, expected 40")) { try file.load() }

        unlink(path)
        var bytes = Array("XFK1".utf8) + [0, 0, 0, 1] + Array(repeating: UInt8(7), count: 32)
        #expect(
            FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]))
        #expect(throws: FaceKeyError.self) { try file.load() }
        do {
            _ = try file.load()
        } catch {
            guard case .malformed(let field, _) = error else {
                Issue.record("expected malformed, got \(error)")
                return
            }
            #expect(field == "magic")
        }

        unlink(path)
        bytes = Array("AFK1".utf8) + [0, 0, 0, 0] + Array(repeating: UInt8(7), count: 32)
        #expect(
            FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]))
        #expect(throws: FaceKeyError.malformed(field: "key version", detail: "0, expected 1 or more")) {
            try file.load()
        }

        let missing = FaceProtectionKeyFile(path: folder.appendingPathComponent("absent.key").path)
        do {
            _ = try missing.load()
            Issue.record("absent key loaded")
        } catch {
            guard case .io(let where_, _) = error else {
                Issue.record("expected io, got \(error)")
                return
            }
            #expect(where_ == missing.path)
        }
    }

    @Test("rotate makes a new key of the next version, still mode 0600; loadOrCreate creates once")
    func rotation() throws {
        let (path, folder) = try Self.temporaryKeyPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = FaceProtectionKeyFile(path: path)
        let first = try file.loadOrCreate()
        #expect(try file.loadOrCreate() == first)
        let second = try file.rotate()
        #expect(second.version == first.version + 1)
        #expect(second.bytes != first.bytes)
        #expect(try file.load() == second)
        #expect(Self.mode(path) == 0o600)
        #expect(!FileManager.default.fileExists(atPath: path + ".rotating"))
    }

    @Test("Key material of the wrong length is refused")
    func wrongKeyLength() {
        #expect(throws: FaceKeyError.malformed(field: "key bytes", detail: "31 bytes, expected 32")) {
            try FaceProtectionKey(version: 1, bytes: Array(repeating: 1, count: 31))
        }
    }
}
