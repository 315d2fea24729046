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

    @Test("A key file others can read is refused, naming the file and the chmod that fixes it")
    func insecureMode() throws {
        let (path, folder) = try Self.temporaryKeyPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = FaceProtectionKeyFile(path: path)
        try file.create()
        chmod(path, 0o644)
        do {
            _ = try file.load()
            Issue.record("a 644 key was loaded")
        } catch {
            guard case .exposed(let exposure) = error else {
                Issue.record("expected exposed, got \(error)")
                return
            }
            #expect(exposure.path == path)
            #expect(exposure.mode == 0o644)
            #expect(exposure.fix == "chmod 640 \(path)" || exposure.fix == "chmod 600 \(path)")
            #expect(error.description.contains(exposure.fix))
        }
        chmod(path, 0o604)
        #expect(throws: FaceKeyError.self) { try file.load() }
        chmod(path, 0o620)
        #expect(throws: FaceKeyError.self) { try file.load() }
    }

    @Test("0640 is allowed when the file's group is this process's own group, 0400 always")
    func groupReadable() throws {
        let (path, folder) = try Self.temporaryKeyPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = FaceProtectionKeyFile(path: path)
        let created = try file.create()
        chown(path, getuid(), getegid())
        chmod(path, 0o640)
        #expect(try file.load() == created)
        chmod(path, 0o400)
        #expect(try file.load() == created)
    }

    @Test(
        "0640 with a group other than this process's is refused with chmod 600",
        .enabled(if: getuid() == 0, "changing a file's group to a foreign one needs root"))
    func foreignGroup() throws {
        let (path, folder) = try Self.temporaryKeyPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = FaceProtectionKeyFile(path: path)
        try file.create()
        let foreign = getegid() == 4242 ? gid_t(4243) : gid_t(4242)
        #expect(chown(path, getuid(), foreign) == 0)
        chmod(path, 0o640)
        do {
            _ = try file.load()
            Issue.record("a key readable by a foreign group was loaded")
        } catch {
            guard case .exposed(let exposure) = error else {
                Issue.record("expected exposed, got \(error)")
                return
            }
            #expect(exposure.fix == "chmod 600 \(path)")
            #expect(exposure.description.contains("not this process's group"))
        }
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
        #expect(throws: FaceKeyError.missing(path: missing.path)) { try missing.load() }
        #expect(!missing.exists)
    }

    @Test("rotate makes a new key of the next version, 0600 under umask 0, and leaves no temporary file")
    func rotation() throws {
        let (path, folder) = try Self.temporaryKeyPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = FaceProtectionKeyFile(path: path)
        let first = try file.create()
        let previous = umask(0o000)
        defer { umask(previous) }
        let second = try file.rotate()
        #expect(second.version == first.version + 1)
        #expect(second.bytes != first.bytes)
        #expect(try file.load() == second)
        #expect(Self.mode(path) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["face.key"])
    }

    @Test("loading never creates a key: a missing file stays missing")
    func loadDoesNotCreate() throws {
        let (path, folder) = try Self.temporaryKeyPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: FaceKeyError.missing(path: path)) { try FaceProtectionKeyFile(path: path).load() }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("Key material of the wrong length is refused")
    func wrongKeyLength() {
        #expect(throws: FaceKeyError.malformed(field: "key bytes", detail: "31 bytes, expected 32")) {
            try FaceProtectionKey(version: 1, bytes: Array(repeating: 1, count: 31))
        }
    }
}
