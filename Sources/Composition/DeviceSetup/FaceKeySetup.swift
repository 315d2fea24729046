import FaceRecognition
import Foundation
import SystemSupport

/// The tenant's face key as the operator manages it (`attendctl face key init`). The daemon never
/// creates a key: every terminal of an enterprise must hold the same one, or the face templates synced
/// through the cloud never match on another terminal, so a terminal without it runs with faces off.
public enum FaceKeySetup {
    /// What `initialize` did.
    public struct Outcome: Sendable, Equatable {
        /// The key now in the file.
        public let key: FaceProtectionKey
        /// The file.
        public let path: String
        /// The version of the key it replaced (`force`), nil when there was none or it was unreadable.
        public let replacedVersion: UInt32?
        /// Whether a file (a key or not) was replaced.
        public let replaced: Bool
    }

    /// Creates the key file at `path` (and its missing folders, `PrivateFiles.directoryMode`): 32 random
    /// bytes, version 1, mode 0600. Refuses to overwrite an existing file unless `force`; a forced key
    /// takes the next version after the one it replaces, so its templates are never taken for the old ones.
    @discardableResult
    public static func initialize(at path: String, force: Bool = false) throws -> Outcome {
        let file = FaceProtectionKeyFile(path: path)
        try PrivateFiles.createDirectories(SiblingPath.directory(of: path))
        guard force, file.exists else {
            return Outcome(key: try file.create(), path: path, replacedVersion: nil, replaced: false)
        }
        let old = try? file.load()
        guard (old?.version ?? 0) < UInt32.max else {
            throw FaceKeyError.malformed(field: "key version", detail: "\(UInt32.max) cannot be incremented")
        }
        let key = try file.replace(with: .generate(version: (old?.version ?? 0) + 1))
        return Outcome(key: key, path: path, replacedVersion: old?.version, replaced: true)
    }

    /// The command that creates the key for the daemon reading `configPath`.
    public static func initCommand(configPath: String?) -> String {
        "attendctl face key init" + (configPath.map { " --config \($0)" } ?? "")
    }

    /// Why faces are off when the key is missing, and what to do: once per enterprise `init`, then the
    /// same file on every terminal.
    public static func missingKeyAdvice(keyPath: String, configPath: String?) -> String {
        "no face key at \(keyPath): create the enterprise's key once with `\(initCommand(configPath: configPath))` and install that same file (mode 600, owned by the daemon's user) on every terminal of the enterprise, then restart attendanced; until then face pushes answer 110"
    }
}
