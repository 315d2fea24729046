import Foundation
import SystemSupport
import Testing
import WeComDevice

@testable import DeviceSetup

/// The device secret from a file or the environment, never only from the command line (`ps` shows argv).
@Suite("the device secret: config, secret file, environment")
struct DeviceSecretTests {
    /// A private temporary folder, removed afterwards.
    struct Folder {
        let path: String
        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        func file(_ name: String, _ contents: String, mode: mode_t = 0o600) -> String {
            let file = path + "/" + name
            _ = FileManager.default.createFile(atPath: file, contents: Data(contents.utf8))
            chmod(file, mode)
            return file
        }
        func remove() { try? FileManager.default.removeItem(atPath: path) }
    }

    private func parse(_ json: String) throws -> DaemonConfig {
        try DaemonConfig.parse(Data(json.utf8), source: "test.json")
    }

    @Test("cloud.secret_file is read when the daemon resolves it; one final line break is dropped")
    func secretFile() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let path = folder.file("secret", "SNO-123\n")
        let config = try parse(#"{"cloud": {"sn": "S", "secret_file": "\#(path)"}}"#)
        #expect(config.cloud.key == .file(path: path, seed: false, option: "cloud.secret_file"))
        #expect(try config.cloud.key.resolve() == .secretNo("SNO-123"))
        #expect(config.cloud.key.origin.contains(path))
        #expect(!config.cloud.key.origin.contains("SNO-123"))

        let seed = folder.file("seed", "model-seed\r\n")
        let seeded = try parse(#"{"cloud": {"sn": "S", "seed_secret_file": "\#(seed)"}}"#)
        #expect(try seeded.cloud.key.resolve() == .seedSecretNo("model-seed"))
    }

    @Test("a secret file others can read is refused with the chmod that fixes it")
    func exposedSecretFile() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let path = folder.file("secret", "SNO-123\n", mode: 0o644)
        let source = DeviceSecretSource.file(path: path, seed: false, option: "cloud.secret_file")
        #expect(throws: FileExposure.self) { try source.resolve() }
        do {
            _ = try source.resolve()
        } catch let exposure as FileExposure {
            #expect(exposure.path == path)
            #expect(exposure.description.contains("fix: chmod 6"))
        }
    }

    @Test("an empty, multi-line, NUL-holding, oversized or missing secret file is refused, naming the option")
    func badSecretFiles() throws {
        let folder = try Folder()
        defer { folder.remove() }
        func failure(_ contents: String) -> ConfigError? {
            let path = folder.file("s-\(UUID().uuidString)", contents)
            return configError {
                _ = try DeviceSecretSource.file(path: path, seed: false, option: "cloud.secret_file").resolve()
            }
        }
        #expect(failure("")?.expected == "a non-empty secret")
        #expect(failure("\n")?.expected == "a non-empty secret")
        #expect(failure("two\nlines\n")?.got == "the control character U+000A at character 4")
        #expect(failure("nul\u{0}x")?.got == "the control character U+0000 at character 4")
        #expect(
            failure(String(repeating: "k", count: DeviceSecretSource.maxFileBytes + 1))?.expected
                == "a secret file of at most \(DeviceSecretSource.maxFileBytes) bytes")
        let missing = configError {
            _ = try DeviceSecretSource.file(path: folder.path + "/absent", seed: false, option: "--secret-file")
                .resolve()
        }
        #expect(missing?.key == "--secret-file")
    }

    @Test("ATTENDANCE_DEVICE_SECRET gives the SecretNo and replaces the config's; --secret-file replaces both")
    func environmentAndFlag() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let base = try parse(#"{"cloud": {"sn": "S", "secret_no": "from-config"}}"#)
        let fromEnvironment = try ConfigOverrides(environment: ["ATTENDANCE_DEVICE_SECRET": "from-env"]).apply(to: base)
        #expect(fromEnvironment.cloud.key == .environment(.secretNo("from-env")))
        #expect(try fromEnvironment.cloud.key.resolve() == .secretNo("from-env"))
        #expect(!fromEnvironment.cloud.key.origin.contains("from-env"))

        let path = folder.file("secret", "from-file\n")
        var flags = ConfigOverrides(environment: ["ATTENDANCE_DEVICE_SECRET": "from-env"])
        flags.secretFile = path
        #expect(try flags.apply(to: base).cloud.key.resolve() == .secretNo("from-file"))

        #expect(try ConfigOverrides(environment: [:]).apply(to: base).cloud.key == .config(.secretNo("from-config")))
        #expect(
            configError { _ = try ConfigOverrides(environment: ["ATTENDANCE_DEVICE_SECRET": ""]).apply(to: base) }?
                .key == "$ATTENDANCE_DEVICE_SECRET")
    }

    @Test("no secret anywhere: the config still loads (attendctl needs none), the daemon's resolve names the ways")
    func unset() throws {
        let config = try parse(#"{"cloud": {"sn": "S"}}"#)
        #expect(config.cloud.key == .unset)
        let failure = configError { _ = try config.cloud.key.resolve() }
        #expect(failure?.key == "cloud.secret_file")
        #expect(failure?.expected.contains("ATTENDANCE_DEVICE_SECRET") == true)
        #expect(failure?.isUnfilledSetting == true)
    }

    @Test(
        "a systemd credential (LoadCredential=device-secret) replaces the config and the environment; --secret-file wins"
    )
    func systemdCredential() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let credential = folder.file("device-secret", "from-credential\n", mode: 0o400)
        let base = try parse(#"{"cloud": {"sn": "S", "secret_no": "from-config"}}"#)
        let environment = ["CREDENTIALS_DIRECTORY": folder.path, "ATTENDANCE_DEVICE_SECRET": "from-env"]
        let fromCredential = try ConfigOverrides(environment: environment).apply(to: base)
        #expect(fromCredential.cloud.key == .file(path: credential, seed: false, option: "credential device-secret"))
        #expect(try fromCredential.cloud.key.resolve() == .secretNo("from-credential"))

        var flags = ConfigOverrides(environment: environment)
        flags.secretFile = folder.file("secret", "from-file\n")
        #expect(try flags.apply(to: base).cloud.key.resolve() == .secretNo("from-file"))

        // A unit without the credential (or another credential only) leaves the config's secret.
        let other = try Folder()
        defer { other.remove() }
        #expect(
            try ConfigOverrides(environment: ["CREDENTIALS_DIRECTORY": other.path]).apply(to: base).cloud.key
                == .config(.secretNo("from-config")))
        #expect(
            try ConfigOverrides(environment: ["CREDENTIALS_DIRECTORY": "relative"]).apply(to: base).cloud.key
                == .config(.secretNo("from-config")))
    }

    @Test("the installed skeleton (empty cloud.sn) is 'not set up yet', not a wrong setting")
    func unfilledSkeleton() {
        let missingSN = configError { _ = try parse(#"{"cloud": {"sn": ""}, "fingerprint": {"link": "usb"}}"#) }
        #expect(missingSN?.key == "cloud.sn")
        #expect(missingSN?.isUnfilledSetting == true)
        let wrongSN = configError { _ = try parse(#"{"cloud": {"sn": 5}}"#) }
        #expect(wrongSN?.isUnfilledSetting == false)
    }

    @Test("two ways at once are refused")
    func twoWays() {
        let failure = configError {
            _ = try parse(#"{"cloud": {"sn": "S", "secret_no": "k", "secret_file": "/run/secret"}}"#)
        }
        #expect(failure?.key == "cloud.secret_file")
        #expect(failure?.got == "secret_no and secret_file")
    }
}
