/// A configuration problem, naming the key (dotted path) and what was expected.
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    public let key: String
    public let expected: String
    public let got: String?
    /// A setting the installed skeleton leaves for the operator to fill in (`cloud.sn`, the secret) is
    /// missing: the daemon has not been set up yet, rather than set up wrongly.
    public let isUnfilledSetting: Bool

    /// The daemon's exit status when it has not been set up yet (EX_CONFIG from sysexits.h). The systemd
    /// unit lists it in `RestartPreventExitStatus=` (packaging/attendanced.service; `ServiceUnitTests`
    /// checks it), so that the daemon is not restarted in a loop until the operator has edited the file.
    public static let notSetUpExitStatus: Int32 = 78

    public init(key: String, expected: String, got: String? = nil, isUnfilledSetting: Bool = false) {
        self.key = key
        self.expected = expected
        self.got = got
        self.isUnfilledSetting = isUnfilledSetting
    }

    /// "config cloud.sn: …" for a file key; a command-line flag ("--slot: …") speaks for itself.
    public var description: String {
        let subject = key.hasPrefix("-") ? key : "config \(key)"
        if let got { return "\(subject): expected \(expected), got \(got)" }
        return "\(subject): expected \(expected)"
    }
}
