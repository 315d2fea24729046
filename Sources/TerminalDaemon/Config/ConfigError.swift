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

    public var description: String {
        if let got { return "config \(key): expected \(expected), got \(got)" }
        return "config \(key): expected \(expected)"
    }
}
