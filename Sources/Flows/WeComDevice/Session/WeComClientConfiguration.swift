import Biometrics
import Foundation

/// The key the device signs with: its own SecretNo, or the model-wide seed exchanged via `get_secret_no`.
public enum DeviceKey: Sendable, Hashable {
    case secretNo(String)
    case seedSecretNo(String)
}

/// Why a `WeComClientConfiguration` was refused.
public enum WeComConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidEndpoint(String)
    case plaintextToNonLoopbackHost(String)
    case pingIntervalOutOfRange(Duration)
    case tooManyAlgorithms(field: String, count: Int)
    case emptyField(String)
    case photoLimitOutOfRange(Int)

    public var description: String {
        switch self {
        case .invalidEndpoint(let url): "endpoint: expected a wss:// (or loopback ws://) URL, got \(url)"
        case .plaintextToNonLoopbackHost(let host):
            "endpoint: ws:// (no TLS) is allowed only for loopback hosts (127.0.0.0/8, ::1, localhost), got host \(host); use wss://"
        case .pingIntervalOutOfRange(let interval): "pingInterval: expected 20-40 s, got \(interval)"
        case .tooManyAlgorithms(let field, let count): "\(field): expected at most 5 algorithms, got \(count)"
        case .emptyField(let field): "\(field): expected a non-empty string"
        case .photoLimitOutOfRange(let bytes):
            "maxPhotoBytes: expected 1-\(WeComClientConfiguration.photoLimitCeiling) bytes, got \(bytes)"
        }
    }
}

/// Everything the session needs besides its injected collaborators.
public struct WeComClientConfiguration: Sendable {
    /// The official endpoint.
    public static let defaultEndpoint = URL(string: "wss://openhw.work.weixin.qq.com")!

    public var endpoint: URL
    public var sn: String
    public var key: DeviceKey
    public var firmwareVersion: String
    /// Fingerprint algorithms, preference order, ≤5; empty when the device has no fingerprint sensor.
    public var fingerprintAlgorithms: [AlgorithmID]
    /// Face algorithms, preference order, ≤5; empty when the device has no camera.
    public var faceAlgorithms: [AlgorithmID]
    public var netInfo: NetInfo?
    /// Heartbeat period after login, 20-40 s.
    public var pingInterval: Duration
    /// Period of `active` polling while the device is not bound.
    public var activeRetryInterval: Duration
    /// How long a request waits for its response.
    public var requestTimeout: Duration
    /// First reconnect delay; doubles per failed attempt up to `reconnectMaxDelay`, reset by a login.
    public var reconnectInitialDelay: Duration
    public var reconnectMaxDelay: Duration
    /// Random spread of each reconnect delay, as a fraction (0.2 = ±20 %); 0 in deterministic tests.
    public var reconnectJitter: Double
    /// Prefix of generated `req_id`s.
    public var reqIDPrefix: String
    /// Largest photo `download_photo` accepts (the binary frame's `data_len`).
    public var maxPhotoBytes: Int
    /// Upper bound of `maxPhotoBytes`: the transport's largest message is 16 MiB.
    public static let photoLimitCeiling = 15 << 20

    /// Validates the endpoint (wss://, or ws:// only to a loopback host), the ping interval and the algorithm lists.
    public init(
        endpoint: URL = WeComClientConfiguration.defaultEndpoint,
        sn: String,
        key: DeviceKey,
        firmwareVersion: String,
        fingerprintAlgorithms: [AlgorithmID] = [],
        faceAlgorithms: [AlgorithmID] = [],
        netInfo: NetInfo? = nil,
        pingInterval: Duration = .seconds(30),
        activeRetryInterval: Duration = .seconds(5),
        requestTimeout: Duration = .seconds(10),
        reconnectInitialDelay: Duration = .seconds(1),
        reconnectMaxDelay: Duration = .seconds(60),
        reconnectJitter: Double = 0.2,
        reqIDPrefix: String = "dev",
        maxPhotoBytes: Int = 8 << 20
    ) throws(WeComConfigurationError) {
        try Self.checkEndpoint(endpoint)
        guard pingInterval >= .seconds(20), pingInterval <= .seconds(40) else {
            throw .pingIntervalOutOfRange(pingInterval)
        }
        guard fingerprintAlgorithms.count <= ProtocolLimits.algorithmsPerModality else {
            throw .tooManyAlgorithms(field: "fingerprintAlgorithms", count: fingerprintAlgorithms.count)
        }
        guard faceAlgorithms.count <= ProtocolLimits.algorithmsPerModality else {
            throw .tooManyAlgorithms(field: "faceAlgorithms", count: faceAlgorithms.count)
        }
        guard (1...Self.photoLimitCeiling).contains(maxPhotoBytes) else { throw .photoLimitOutOfRange(maxPhotoBytes) }
        guard !sn.isEmpty else { throw .emptyField("sn") }
        guard !firmwareVersion.isEmpty else { throw .emptyField("firmwareVersion") }
        switch key {
        case .secretNo(let value) where value.isEmpty: throw .emptyField("secretNo")
        case .seedSecretNo(let value) where value.isEmpty: throw .emptyField("seedSecretNo")
        default: break
        }
        self.endpoint = endpoint
        self.sn = sn
        self.key = key
        self.firmwareVersion = firmwareVersion
        self.fingerprintAlgorithms = fingerprintAlgorithms
        self.faceAlgorithms = faceAlgorithms
        self.netInfo = netInfo
        self.pingInterval = pingInterval
        self.activeRetryInterval = activeRetryInterval
        self.requestTimeout = requestTimeout
        self.reconnectInitialDelay = reconnectInitialDelay
        self.reconnectMaxDelay = reconnectMaxDelay
        self.reconnectJitter = min(max(reconnectJitter, 0), 1)
        self.reqIDPrefix = reqIDPrefix
        self.maxPhotoBytes = maxPhotoBytes
    }

    /// Accepts `wss://` anywhere and `ws://` only to 127.0.0.0/8, ::1 or localhost.
    public static func checkEndpoint(_ url: URL) throws(WeComConfigurationError) {
        guard let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            throw .invalidEndpoint(url.absoluteString)
        }
        switch scheme {
        case "wss": return
        case "ws":
            guard isLoopback(host: host) else { throw .plaintextToNonLoopbackHost(host) }
        default: throw .invalidEndpoint(url.absoluteString)
        }
    }

    static func isLoopback(host rawHost: String) -> Bool {
        let host = rawHost.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ UInt8($0) != nil && $0.allSatisfy(\.isASCII) }) else {
            return false
        }
        return octets[0] == "127"
    }
}
