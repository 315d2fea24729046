/// A configuration problem, naming the key (dotted path) and what was expected.
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    public let key: String
    public let expected: String
    public let got: String?

    public init(key: String, expected: String, got: String? = nil) {
        self.key = key
        self.expected = expected
        self.got = got
    }

    /// "config cloud.sn: …" for a file key; a command-line flag ("--slot: …") speaks for itself.
    public var description: String {
        let subject = key.hasPrefix("-") ? key : "config \(key)"
        if let got { return "\(subject): expected \(expected), got \(got)" }
        return "\(subject): expected \(expected)"
    }
}
