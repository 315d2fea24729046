import Foundation

/// Command-line values that replace single config keys; validated like the file.
public struct ConfigOverrides: Sendable {
    public var endpoint: String?
    public var sn: String?
    /// A file holding the SecretNo (`--secret-file`); replaces the config's secret.
    public var secretFile: String?
    /// The SecretNo from `DeviceSecretSource.environmentVariable`, if set; replaces the config's secret
    /// unless `secretFile` is given.
    public var environmentSecret: String?
    /// The file systemd put the credential `DeviceSecretSource.credentialName` in, when the unit loads it;
    /// replaces the config's secret and the environment's unless `secretFile` is given.
    public var credentialSecretFile: String?
    public var storePath: String?
    public var statusPath: String?
    public var fingerprintLink: String?
    public var captureDeadlineSeconds: Int?
    public var cameraDevice: String?

    public init() {}

    /// The overrides the environment gives: `ATTENDANCE_DEVICE_SECRET`, and a systemd credential in
    /// `$CREDENTIALS_DIRECTORY` (a credential that is not there is not an error: the unit may leave it out).
    public init(environment: [String: String], fileExists: (String) -> Bool = { access($0, F_OK) == 0 }) {
        environmentSecret = environment[DeviceSecretSource.environmentVariable]
        if let folder = environment["CREDENTIALS_DIRECTORY"], folder.hasPrefix("/") {
            let path = folder + "/" + DeviceSecretSource.credentialName
            if fileExists(path) { credentialSecretFile = path }
        }
    }

    public func apply(to config: DaemonConfig) throws -> DaemonConfig {
        var config = config
        if let endpoint { config.cloud.endpoint = try DaemonConfig.parseEndpoint(endpoint, key: "--endpoint") }
        if let sn {
            guard !sn.isEmpty else { throw ConfigError(key: "--sn", expected: "a non-empty serial number") }
            config.cloud.sn = sn
        }
        if let secretFile {
            guard !secretFile.isEmpty else { throw ConfigError(key: "--secret-file", expected: "a file path") }
            config.cloud.key = .file(path: secretFile, seed: false, option: "--secret-file")
        } else if let credentialSecretFile {
            config.cloud.key = .file(
                path: credentialSecretFile, seed: false, option: "credential \(DeviceSecretSource.credentialName)")
        } else if let environmentSecret {
            let secret = try DeviceSecretSource.checkedSecret(
                environmentSecret, key: "$" + DeviceSecretSource.environmentVariable)
            config.cloud.key = .environment(.secretNo(secret))
        }
        if let storePath {
            guard !storePath.isEmpty else { throw ConfigError(key: "--store", expected: "a file path") }
            config.storePath = storePath
        }
        if let statusPath { config.statusPath = statusPath }
        if let fingerprintLink {
            config.fingerprint.link = try DaemonConfig.parseLink(fingerprintLink, key: "--fingerprint-link")
        }
        if let cameraDevice { config.camera.device = try DaemonConfig.parseCameraDevice(cameraDevice, key: "--camera") }
        if let captureDeadlineSeconds {
            guard (5...50).contains(captureDeadlineSeconds) else {
                throw ConfigError(
                    key: "--capture-deadline", expected: "a whole number of seconds from 5 to 50",
                    got: "\(captureDeadlineSeconds)")
            }
            config.capture.deadlineSeconds = captureDeadlineSeconds
        }
        return config
    }
}
