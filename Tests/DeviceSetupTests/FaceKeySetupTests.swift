import FaceRecognition
import Foundation
import Testing

@testable import DeviceSetup

/// The face key is made by the operator, never silently by the daemon: a terminal with its own key
/// could never match the templates its enterprise's other terminals sync through the cloud.
@Suite("face key init, and the daemon without a key", .serialized)
struct FaceKeySetupTests {
    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("face-key-setup-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func mode(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & 0o7777
    }

    @Test("init creates 40 bytes, version 1, mode 0600 under umask 0, with missing folders 0750")
    func initCreates() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/var/lib/attendanced/face-protection.key"
        let previous = umask(0o000)
        defer { umask(previous) }
        let outcome = try FaceKeySetup.initialize(at: path)
        #expect(outcome.key.version == 1)
        #expect(outcome.key.bytes.count == 32)
        #expect(!outcome.replaced)
        #expect(Self.mode(path) == 0o600)
        #expect(Self.mode(folder + "/var/lib/attendanced") == 0o750)
        let bytes = try #require(FileManager.default.contents(atPath: path))
        #expect(bytes.count == 40)
        #expect(Array(bytes.prefix(8)) == Array("AFK1".utf8) + [0, 0, 0, 1])
        #expect(try FaceProtectionKeyFile(path: path).load() == outcome.key)
    }

    @Test("init refuses to overwrite an existing key; --force replaces it with the next version")
    func initRefusesToOverwrite() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/face.key"
        let first = try FaceKeySetup.initialize(at: path).key
        #expect(throws: FaceKeyError.alreadyExists(path: path)) { try FaceKeySetup.initialize(at: path) }
        #expect(try FaceProtectionKeyFile(path: path).load() == first)

        let forced = try FaceKeySetup.initialize(at: path, force: true)
        #expect(forced.replaced)
        #expect(forced.replacedVersion == 1)
        #expect(forced.key.version == 2)
        #expect(forced.key.bytes != first.bytes)
        #expect(try FaceProtectionKeyFile(path: path).load() == forced.key)
        #expect(Self.mode(path) == 0o600)

        // Something unreadable in its place is replaced by a version-1 key.
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: path))
        let overGarbage = try FaceKeySetup.initialize(at: path, force: true)
        #expect(overGarbage.replacedVersion == nil)
        #expect(overGarbage.key.version == 1)
        #expect(try FaceProtectionKeyFile(path: path).load() == overGarbage.key)
    }

    @Test("the daemon without a key runs with faces off and says which command creates it; no key appears")
    func daemonWithoutKey() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let config = try DaemonConfig.parse(
            Data(
                #"""
                {"cloud": {"sn": "S", "secret_no": "k"}, "store": {"path": "\#(folder)/terminal.sqlite"},
                 "camera": {"device": "\#(folder)/video-absent"}}
                """#.utf8))
        let opening = await FaceDevice.open(config, configPath: "/etc/attendanced/attendanced.json")
        #expect(opening.device == nil)
        let problem = try #require(opening.problem)
        #expect(problem.contains("no face key at \(folder)/face-protection.key"))
        #expect(problem.contains("attendctl face key init --config /etc/attendanced/attendanced.json"))
        #expect(problem.contains("110"))
        #expect(!FileManager.default.fileExists(atPath: config.faceKeyPath))
    }

    @Test("the status file carries why faces are off, and is 0600 under umask 0")
    func statusFile() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/status.json"
        let now = Date(timeIntervalSince1970: 1_780_000_000)
        let status = DaemonStatus(
            pid: 1, startedAt: now, updatedAt: now, sn: "S", endpoint: "ws://127.0.0.1:1/", session: "starting",
            fingerprintDevice: "none", faceDevice: "none", faceProblem: "no face key at /k", enrollment: nil,
            lastResult: nil)
        let previous = umask(0o000)
        defer { umask(previous) }
        try status.write(to: path)
        #expect(Self.mode(path) == 0o600)
        #expect(try DaemonStatus.read(from: path) == status)
        #expect(
            String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self).contains("face_problem"))

        // A mode the operator chose that the rule allows (0640 for the daemon's group) survives a rewrite;
        // a wider one does not.
        chown(path, getuid(), getegid())
        chmod(path, 0o640)
        try status.write(to: path)
        #expect(Self.mode(path) == 0o640)
        chmod(path, 0o644)
        try status.write(to: path)
        #expect(Self.mode(path) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["status.json"])
    }
}
