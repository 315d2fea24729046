import Foundation
import SystemSupport
import WeComDevice

/// Where the device's secret (its SecretNo, or the model-wide seed key) comes from. Never the command
/// line: `ps` shows every process's arguments to every user. A file or the environment is read only
/// by the daemon's own user (and root), and a config file holding the secret must be private too.
public enum DeviceSecretSource: Sendable, Equatable {
    /// Written in the config file itself (`cloud.secret_no` / `cloud.seed_secret_no`).
    case config(DeviceKey)
    /// A file holding only the secret (`cloud.secret_file` / `cloud.seed_secret_file`, or `--secret-file`);
    /// `option` is the key or flag that named it, for errors.
    case file(path: String, seed: Bool, option: String)
    /// The SecretNo in the environment variable `environmentVariable`.
    case environment(DeviceKey)
    /// No secret given: the daemon cannot start (attendctl, which never talks to the cloud, can).
    case unset

    /// The environment variable that may carry the SecretNo.
    public static let environmentVariable = "ATTENDANCE_DEVICE_SECRET"
    /// The systemd credential that may carry the SecretNo (`LoadCredential=device-secret:…` in the unit):
    /// read from `$CREDENTIALS_DIRECTORY`, a private folder only the service's user can read.
    public static let credentialName = "device-secret"
    /// The largest secret file read; a SecretNo is a few dozen characters.
    public static let maxFileBytes = 1024

    /// What the daemon needs: the key itself, read from its file when it lives in one.
    public func resolve() throws -> DeviceKey {
        switch self {
        case .config(let key), .environment(let key): return key
        case .file(let path, let seed, let option):
            let secret = try Self.readSecretFile(path, option: option)
            return seed ? .seedSecretNo(secret) : .secretNo(secret)
        case .unset:
            throw ConfigError(
                key: "cloud.secret_file",
                expected:
                    "the device secret: cloud.secret_file (a file only the daemon's user can read), the systemd credential \(Self.credentialName), the \(Self.environmentVariable) environment variable, or cloud.secret_no in a private config file (cloud.seed_* for a model-wide seed key)",
                isUnfilledSetting: true)
        }
    }

    /// Where the secret comes from, for the daemon's start-up line (never the secret).
    public var origin: String {
        switch self {
        case .config(let key): "the config file (\(Self.kind(key)))"
        case .file(let path, let seed, _): "\(path) (\(seed ? "seed key" : "SecretNo"))"
        case .environment: "$\(Self.environmentVariable) (SecretNo)"
        case .unset: "nowhere"
        }
    }

    /// The file that holds the secret, if it is a file of its own.
    public var filePath: String? {
        guard case .file(let path, _, _) = self else { return nil }
        return path
    }

    /// A secret as given in the environment or a file: one non-empty line of printable text.
    static func checkedSecret(_ text: String, key: String) throws -> String {
        guard !text.isEmpty else { throw ConfigError(key: key, expected: "a non-empty secret", got: "nothing") }
        if let control = text.unicodeScalars.firstIndex(where: { $0.properties.generalCategory == .control }) {
            let offset = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: control)
            throw ConfigError(
                key: key, expected: "one line of printable text",
                got:
                    "the control character U+\(String(format: "%04X", text.unicodeScalars[control].value)) at character \(offset + 1)"
            )
        }
        return text
    }

    /// The file's one line, without its final line break; refuses a file others can read.
    static func readSecretFile(_ path: String, option: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ConfigError(
                key: option, expected: "a readable file holding the device secret", got: "nothing readable at \(path)")
        }
        defer { try? handle.close() }
        if let exposure = try PrivateFiles.exposure(ofDescriptor: handle.fileDescriptor, path: path) {
            throw exposure
        }
        let data: Data
        do {
            data = try handle.read(upToCount: maxFileBytes + 1) ?? Data()
        } catch {
            throw ConfigError(key: option, expected: "a readable file holding the device secret", got: "\(error)")
        }
        guard data.count <= maxFileBytes else {
            throw ConfigError(
                key: option, expected: "a secret file of at most \(maxFileBytes) bytes", got: "a larger file at \(path)"
            )
        }
        guard var text = String(validating: data, as: UTF8.self) else {
            throw ConfigError(key: option, expected: "UTF-8 text in \(path)", got: "bytes that are not UTF-8")
        }
        if text.hasSuffix("\r\n") {
            text.removeLast()  // "\r\n" is one Character
        } else if text.hasSuffix("\n") {
            text.removeLast()
        }
        return try checkedSecret(text, key: "\(option) (\(path))")
    }

    private static func kind(_ key: DeviceKey) -> String {
        switch key {
        case .secretNo: "SecretNo"
        case .seedSecretNo: "seed key"
        }
    }
}
