import ArgumentParser
import DeviceSetup
import FaceRecognition
import Foundation

/// `attendctl face key …`: the tenant key that protects face templates.
struct FaceKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "The enterprise's face-protection key (one per enterprise, the same file on every terminal).",
        subcommands: [FaceKeyInit.self])
}

/// `attendctl face key init`: creates the key the daemon never creates itself.
struct FaceKeyInit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract:
            "Create the face key: 32 random bytes, version 1, mode 600, at the config's face.key (default: face-protection.key next to the store).",
        discussion: """
            Run it once per enterprise, as the daemon's user, then install the same file on every terminal: \
            templates made under another key never match. attendanced runs with faces off until the key is there. \
            An existing key is never overwritten without --force.
            """)

    @Option(help: "The daemon's config file (face.key and store.path are read from it).")
    var config: String = "/etc/attendanced/attendanced.json"

    @Option(help: "The key file, instead of reading it from --config.")
    var key: String?

    @Flag(
        help:
            "Replace an existing key with a new one (the next version). Every face template made under the old key stops matching: enroll those faces again."
    )
    var force = false

    func run() throws {
        let path: String
        if let key {
            path = key
        } else {
            do {
                path = try DaemonConfig.load(path: config).faceKeyPath
            } catch {
                throw ValidationError("\(error) (or pass --key PATH)")
            }
        }
        let outcome: FaceKeySetup.Outcome
        do {
            outcome = try FaceKeySetup.initialize(at: path, force: force)
        } catch FaceKeyError.alreadyExists {
            let version = (try? FaceProtectionKeyFile(path: path).load()).map { " (version \($0.version))" } ?? ""
            throw ValidationError(
                "\(path) already exists\(version); it was left as it is. Every face template of this terminal depends on it. To replace it with a new key pass --force (every enrolled face must then be enrolled again); to use the key of the enterprise's other terminals, copy their file here instead."
            )
        }
        if outcome.replaced {
            let old = outcome.replacedVersion.map { "version \($0)" } ?? "an unreadable file"
            print(
                "replaced \(old) at \(path) with a new face key, version \(outcome.key.version) (mode 600, \(FaceProtectionKey.byteCount) random bytes)"
            )
            print(
                "face templates made under the old key no longer match: delete those slots and enroll the faces again")
        } else {
            print(
                "created face key version \(outcome.key.version) at \(path) (mode 600, \(FaceProtectionKey.byteCount) random bytes)"
            )
        }
        print(
            "install this same file (mode 600, owned by the daemon's user) on every terminal of the enterprise, then restart attendanced"
        )
    }
}
