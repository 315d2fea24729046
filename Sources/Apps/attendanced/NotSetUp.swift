import DeviceSetup

/// The installed config skeleton has not been filled in yet: the daemon says so in one line and exits
/// with `ConfigError.notSetUpExitStatus`.
enum NotSetUp {
    static func line(configPath: String, error: ConfigError) -> String {
        "attendanced: \(configPath) is not set up yet: fill in cloud.sn and the device secret (cloud.secret_file, the systemd credential \(DeviceSecretSource.credentialName), or $\(DeviceSecretSource.environmentVariable)); first missing: \(error.key)"
    }
}
