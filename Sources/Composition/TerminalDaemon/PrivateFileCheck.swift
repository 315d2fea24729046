import DeviceSetup
import SystemSupport
import TerminalStore

/// What the daemon checks before it opens anything: every file that holds members' templates or a
/// secret must be closed to others (`PrivateFiles`: 0600, or 0640 for the daemon's own group). One
/// that is not stops the daemon, naming each file and the `chmod` that fixes it; files that do not
/// exist yet are created private.
public enum PrivateFileCheck {
    /// The files `config` makes the daemon read: the store with its WAL, shared-memory and journal
    /// files; the secret file, or the config file itself when the secret is written in it; the face
    /// key when a camera is configured.
    public static func files(config: DaemonConfig, configPath: String?) -> [String] {
        var files = TerminalStore.databaseFiles(path: config.storePath)
        switch config.cloud.key {
        case .file(let path, _, _): files.append(path)
        case .config: if let configPath { files.append(configPath) }
        case .environment, .unset: break
        }
        if config.camera.device != .none { files.append(config.faceKeyPath) }
        return files
    }

    /// Throws `ExposedFiles` listing every file of `files(config:configPath:)` that others can read.
    public static func run(config: DaemonConfig, configPath: String?) throws {
        var exposures: [FileExposure] = []
        for file in files(config: config, configPath: configPath) {
            if let exposure = try PrivateFiles.exposure(of: file) { exposures.append(exposure) }
        }
        guard exposures.isEmpty else { throw ExposedFiles(exposures: exposures) }
    }
}

/// Files that others can read: the daemon does not start until they are fixed.
public struct ExposedFiles: Error, Sendable, Equatable, CustomStringConvertible {
    public let exposures: [FileExposure]

    public init(exposures: [FileExposure]) {
        self.exposures = exposures
    }

    /// Every fix in one command line per file.
    public var fixes: [String] { exposures.map(\.fix) }

    public var description: String {
        let count = exposures.count
        return
            "refusing to start: \(count == 1 ? "a file that holds" : "\(count) files that hold") members' templates or a secret can be read by others:\n"
            + exposures.map { "  \($0)" }.joined(separator: "\n")
    }
}
