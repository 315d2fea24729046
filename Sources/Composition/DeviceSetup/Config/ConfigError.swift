/// A configuration problem, naming the key (dotted path) and what was expected.
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    public let key: String
    public let expected: String
    public let got: String?
    /// A setting the installed skeleton leaves for the operator to fill in (`cloud.sn`, the secret) is
    /// missing: the daemon has not been set up yet, rather than set up wrongly.
    public let isUnfilledSetting: Bool

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
