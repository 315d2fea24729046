import Foundation

/// The cloud's WebSocket endpoint, parsed once: the one place that decides which endpoints the device
/// will talk to, used by the config check and by the client (`WeComClientConfiguration`,
/// `WSClientTransport`), which gives the WebSocket library exactly `url`.
///
/// `wss` means TLS with the server's certificate verified; `ws` (no TLS) is allowed only to a loopback
/// address literal (127.0.0.0/8, ::1) or `localhost`. Scheme and host are compared and kept in lower case
/// (the WebSocket library compares the scheme case-sensitively: `WSS://` would otherwise be clear text on
/// port 80). User info and fragments are refused.
public struct CloudEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The normalised URL: lower-case scheme and host, the port only if given, path and query as given.
    public let url: URL
    /// `wss`: certificate-verified TLS.
    public let usesTLS: Bool
    /// The host as it goes into the URL (an IPv6 literal in brackets), lower case.
    public let host: String
    /// The explicit port, if any.
    public let port: Int?

    /// Longest endpoint text accepted.
    public static let maxLength = 2048

    public var description: String { url.absoluteString }

    /// Parses and checks `text`; the error names the endpoint and what is wrong with it.
    public static func parse(_ text: String) throws(CloudEndpointError) -> CloudEndpoint {
        func refuse(_ problem: CloudEndpointError.Problem) -> CloudEndpointError {
            CloudEndpointError(endpoint: String(text.prefix(200)), problem: problem)
        }
        guard text.utf8.count <= maxLength else { throw refuse(.tooLong(limit: maxLength)) }
        guard text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }) else {
            throw refuse(.notPrintableASCII)
        }
        guard let separator = text.range(of: "://") else { throw refuse(.notAURL) }
        let scheme = text[..<separator.lowerBound].lowercased()
        let usesTLS: Bool
        switch scheme {
        case "wss": usesTLS = true
        case "ws": usesTLS = false
        default: throw refuse(.unsupportedScheme(scheme))
        }
        let rest = text[separator.upperBound...]
        guard !rest.contains("#") else { throw refuse(.fragment) }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var pathAndQuery = String(rest[authorityEnd...])
        if pathAndQuery.hasPrefix("?") { pathAndQuery = "/" + pathAndQuery }
        guard !authority.contains("@") else { throw refuse(.userInfo) }

        let (rawHost, rawPort) = try splitHostAndPort(authority, refuse)
        let host = rawHost.lowercased()
        var port: Int?
        if let rawPort {
            guard !rawPort.isEmpty, rawPort.count <= 5, rawPort.allSatisfy(\.isASCIIDigit), let value = Int(rawPort),
                (1...65_535).contains(value)
            else { throw refuse(.invalidPort(String(rawPort))) }
            port = value
        }
        let isIPv6 = host.hasPrefix("[")
        if !isIPv6 {
            guard let first = host.first, let last = host.last, first.isASCIIAlphanumeric, last.isASCIIAlphanumeric,
                host.allSatisfy({ $0.isASCIIAlphanumeric || $0 == "-" || $0 == "." })
            else { throw refuse(.invalidHost(host)) }
        }
        if !usesTLS {
            guard isLoopback(host) else { throw refuse(.plaintextToNonLoopbackHost(host)) }
        }
        let normalised = "\(scheme)://\(host)\(port.map { ":\($0)" } ?? "")\(pathAndQuery)"
        guard let url = URL(string: normalised) else { throw refuse(.notAURL) }
        return CloudEndpoint(url: url, usesTLS: usesTLS, host: host, port: port)
    }

    /// Parses `url`'s text (see `parse(_:)`).
    public init(_ url: URL) throws(CloudEndpointError) {
        self = try Self.parse(url.absoluteString)
    }

    private init(url: URL, usesTLS: Bool, host: String, port: Int?) {
        self.url = url
        self.usesTLS = usesTLS
        self.host = host
        self.port = port
    }

    /// `host` (a bracketed IPv6 literal, checked, or a name) and the text after its `:`, if any.
    private static func splitHostAndPort(
        _ authority: Substring, _ refuse: (CloudEndpointError.Problem) -> CloudEndpointError
    ) throws(CloudEndpointError) -> (host: String, port: Substring?) {
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw refuse(.invalidHost(String(authority))) }
            let literal = authority[authority.index(after: authority.startIndex)..<close]
            guard ipv6Bytes(literal) != nil else { throw refuse(.invalidHost(String(authority))) }
            let after = authority[authority.index(after: close)...]
            if after.isEmpty { return ("[\(literal)]", nil) }
            guard after.hasPrefix(":") else { throw refuse(.invalidHost(String(authority))) }
            return ("[\(literal)]", after.dropFirst())
        }
        guard let colon = authority.firstIndex(of: ":") else { return (String(authority), nil) }
        return (String(authority[..<colon]), authority[authority.index(after: colon)...])
    }

    /// True for `localhost`, an IPv4 literal in 127.0.0.0/8 and the IPv6 literal ::1 (host in lower case).
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" { return true }
        if host.hasPrefix("[") && host.hasSuffix("]") {
            return ipv6Bytes(host.dropFirst().dropLast()) == Array(repeating: 0, count: 15) + [1]
        }
        guard let octets = ipv4Octets(host) else { return false }
        return octets[0] == 127
    }

    /// The four octets of a dotted-decimal IPv4 literal (no leading zeros), or nil.
    static func ipv4Octets(_ host: String) -> [UInt8]? {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit), part == "0" || !part.hasPrefix("0"),
                let octet = UInt8(part)
            else { return nil }
            octets.append(octet)
        }
        return octets
    }

    /// The sixteen bytes of an IPv6 literal, or nil (inet_pton's grammar).
    static func ipv6Bytes(_ literal: Substring) -> [UInt8]? {
        guard literal.count <= 45 else { return nil }
        var address = in6_addr()
        guard inet_pton(AF_INET6, String(literal), &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
    /// A lower-case letter or a digit (hosts are lower-cased first).
    fileprivate var isASCIIAlphanumeric: Bool { isASCIIDigit || ("a"..."z").contains(self) }
}

/// Why an endpoint was refused; names the endpoint.
public struct CloudEndpointError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Problem: Sendable, Hashable, CustomStringConvertible {
        case tooLong(limit: Int)
        case notPrintableASCII
        case notAURL
        case unsupportedScheme(String)
        case userInfo
        case fragment
        case invalidHost(String)
        case invalidPort(String)
        case plaintextToNonLoopbackHost(String)

        public var description: String {
            switch self {
            case .tooLong(let limit): "longer than \(limit) bytes"
            case .notPrintableASCII: "expected printable ASCII without spaces (a host name in punycode)"
            case .notAURL: "expected scheme://host[:port][/path]"
            case .unsupportedScheme(let scheme): "scheme \(scheme): expected wss (or ws to a loopback host)"
            case .userInfo: "user info (user@host) is not allowed"
            case .fragment: "a fragment (#…) is not allowed in a WebSocket URL"
            case .invalidHost(let host):
                "host \(host): expected a DNS name, an IPv4 literal or a bracketed IPv6 literal"
            case .invalidPort(let port): "port \(port): expected 1-65535"
            case .plaintextToNonLoopbackHost(let host):
                "ws:// (no TLS) is allowed only to a loopback address literal (127.0.0.0/8, ::1) or localhost, got host \(host); use wss://"
            }
        }
    }

    /// The endpoint as given (at most 200 characters of it).
    public let endpoint: String
    public let problem: Problem

    public init(endpoint: String, problem: Problem) {
        self.endpoint = endpoint
        self.problem = problem
    }

    public var description: String { "endpoint \"\(endpoint)\": \(problem)" }
}
