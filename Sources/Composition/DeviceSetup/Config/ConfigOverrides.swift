import Foundation

/// Command-line values that replace single config keys; validated like the file.
public struct ConfigOverrides: Sendable {
    public var endpoint: String?
    public var sn: String?
    public var secretNo: String?
    public var storePath: String?
    public var statusPath: String?
    public var fingerprintLink: String?
    public var captureDeadlineSeconds: Int?
    public var cameraDevice: String?

    public init() {}

    public func apply(to config: DaemonConfig) throws -> DaemonConfig {
        var config = config
        if let endpoint { config.cloud.endpoint = try DaemonConfig.parseEndpoint(endpoint, key: "--endpoint") }
        if let sn {
            guard !sn.isEmpty else { throw ConfigError(key: "--sn", expected: "a non-empty serial number") }
            config.cloud.sn = sn
        }
        if let secretNo {
            guard !secretNo.isEmpty else { throw ConfigError(key: "--secret-no", expected: "a non-empty SecretNo") }
            config.cloud.key = .secretNo(secretNo)
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
