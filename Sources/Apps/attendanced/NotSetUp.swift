import DeviceSetup

/// The installed config skeleton has not been filled in yet: the daemon says so in one line and exits
/// with `exitStatus`, which the systemd unit lists in `RestartPreventExitStatus=` (packaging/attendanced.service)
/// so that it is not restarted in a loop until the operator has edited the file.
enum NotSetUp {
    /// EX_CONFIG from sysexits.h.
    static let exitStatus: Int32 = 78

    static func line(configPath: String, error: ConfigError) -> String {
        "attendanced: \(configPath) is not set up yet: fill in cloud.sn and the device secret (cloud.secret_file, the systemd credential \(DeviceSecretSource.credentialName), or $\(DeviceSecretSource.environmentVariable)); first missing: \(error.key)"
    }
}
