import DeviceSetup
import Foundation
import TerminalDaemon
import TerminalStore
import Testing

/// attendanced refuses to start on a store or key file that others can read, naming each file and the
/// `chmod` that fixes it.
@Suite("the daemon's start-up check of private files", .serialized)
struct PrivateFileCheckTests {
    struct Work {
        let path: String
        init() throws {
            path =
                FileManager.default.temporaryDirectory.appendingPathComponent("private-check-\(UUID().uuidString)")
                .path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        func remove() { try? FileManager.default.removeItem(atPath: path) }

        func config(_ cloud: String, camera: Bool = false) throws -> DaemonConfig {
            let sections =
                [
                    #""cloud": {"sn": "S", \#(cloud)}"#, #""store": {"path": "\#(path)/terminal.sqlite"}"#,
                ] + (camera ? [#""camera": {"device": "/dev/video-absent"}"#] : [])
            return try DaemonConfig.parse(Data(("{" + sections.joined(separator: ", ") + "}").utf8))
        }

        /// A file with `mode`, owned by this process's user and group.
        func file(_ name: String, mode: mode_t) -> String {
            let file = path + "/" + name
            _ = FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
            chown(file, getuid(), getegid())
            chmod(file, mode)
            return file
        }
    }

    @Test("a fresh terminal (no files yet) passes; the store it then creates passes too")
    func freshTerminal() throws {
        let work = try Work()
        defer { work.remove() }
        let config = try work.config(#""secret_no": "k""#)
        try PrivateFileCheck.run(config: config, configPath: nil)
        let previous = umask(0o000)
        defer { umask(previous) }
        let store = try TerminalStore.open(path: config.storePath)
        try store.saveSecret("s3cr3t")
        #expect(FileManager.default.fileExists(atPath: config.storePath + "-wal"))
        try PrivateFileCheck.run(config: config, configPath: nil)
        try store.close()
    }

    @Test("a store readable by everyone is refused, naming it and the exact chmod")
    func worldReadableStore() throws {
        let work = try Work()
        defer { work.remove() }
        let config = try work.config(#""secret_no": "k""#)
        let store = work.file("terminal.sqlite", mode: 0o644)
        let wal = work.file("terminal.sqlite-wal", mode: 0o666)
        do {
            try PrivateFileCheck.run(config: config, configPath: nil)
            Issue.record("the daemon would start on a 644 store")
        } catch let error as ExposedFiles {
            #expect(error.exposures.map(\.path) == [store, wal])
            #expect(error.fixes == ["chmod 640 \(store)", "chmod 640 \(wal)"])
            #expect(error.description.hasPrefix("refusing to start: 2 files"))
            #expect(error.description.contains("\(store) has mode 644, open to every user"))
            #expect(error.description.contains("fix: chmod 640 \(store)"))
        }
    }

    @Test("0600 and 0640 for the daemon's own group are accepted")
    func allowedModes() throws {
        let work = try Work()
        defer { work.remove() }
        let config = try work.config(#""secret_no": "k""#)
        _ = work.file("terminal.sqlite", mode: 0o600)
        _ = work.file("terminal.sqlite-wal", mode: 0o640)
        _ = work.file("terminal.sqlite-shm", mode: 0o400)
        try PrivateFileCheck.run(config: config, configPath: nil)
    }

    @Test("the secret file, the config holding the secret and the face key (with a camera) are checked")
    func secretsAreChecked() throws {
        let work = try Work()
        defer { work.remove() }
        let secret = work.file("secret", mode: 0o644)
        let fromFile = try work.config(#""secret_file": "\#(secret)""#)
        #expect(PrivateFileCheck.files(config: fromFile, configPath: "/etc/a.json").contains(secret))
        #expect(!PrivateFileCheck.files(config: fromFile, configPath: "/etc/a.json").contains("/etc/a.json"))
        #expect(throws: ExposedFiles.self) { try PrivateFileCheck.run(config: fromFile, configPath: nil) }

        let configFile = work.file("attendanced.json", mode: 0o604)
        let inline = try work.config(#""secret_no": "k""#)
        #expect(PrivateFileCheck.files(config: inline, configPath: configFile).contains(configFile))
        do {
            try PrivateFileCheck.run(config: inline, configPath: configFile)
            Issue.record("a config holding the secret, readable by everyone, was accepted")
        } catch let error as ExposedFiles {
            #expect(error.fixes == ["chmod 600 \(configFile)"])
        }

        let key = work.file("face-protection.key", mode: 0o644)
        let withCamera = try work.config(#""secret_no": "k""#, camera: true)
        #expect(PrivateFileCheck.files(config: withCamera, configPath: nil).contains(key))
        #expect(!PrivateFileCheck.files(config: inline, configPath: nil).contains(key))
        #expect(throws: ExposedFiles.self) { try PrivateFileCheck.run(config: withCamera, configPath: nil) }
        chmod(key, 0o600)
        try PrivateFileCheck.run(config: withCamera, configPath: nil)
    }
}
