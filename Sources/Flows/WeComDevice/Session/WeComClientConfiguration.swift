import Biometrics
import Foundation

/// The key the device signs with: its own SecretNo, or the model-wide seed exchanged via `get_secret_no`.
public enum DeviceKey: Sendable, Hashable {
    case secretNo(String)
    case seedSecretNo(String)
}

/// Why a `WeComClientConfiguration` was refused.
public enum WeComConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `CloudEndpoint.parse` refused the endpoint.
    case endpoint(CloudEndpointError)
    case pingIntervalOutOfRange(Duration)
    /// A delay or timeout outside (0, `WeComClientConfiguration.longestWait`].
    case durationOutOfRange(field: String, Duration)
    case tooManyAlgorithms(field: String, count: Int)
    case emptyField(String)
    case photoLimitOutOfRange(Int)

    public var description: String {
        switch self {
        case .endpoint(let error): "\(error)"
        case .pingIntervalOutOfRange(let interval): "pingInterval: expected 20-40 s, got \(interval)"
        case .durationOutOfRange(let field, let duration):
            "\(field): expected more than 0 and at most \(WeComClientConfiguration.longestWait), got \(duration)"
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

    /// The endpoint, parsed and normalised by `CloudEndpoint.parse` (set only through `init`).
    public let cloudEndpoint: CloudEndpoint
    /// `cloudEndpoint`'s normalised URL: what the transport is asked to connect to.
    public var endpoint: URL { cloudEndpoint.url }
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
    /// First reconnect delay; doubles per attempt up to `reconnectMaxDelay`, reset when a connection drops
    /// after it stayed logged in for `reconnectResetUptime`.
    public var reconnectInitialDelay: Duration
    public var reconnectMaxDelay: Duration
    /// How long a connection must have stayed logged in for its drop to start the back-off again at
    /// `reconnectInitialDelay` (measured on the injected clock): a cloud that accepts the login and drops
    /// at once is not hammered every `reconnectInitialDelay`.
    public var reconnectResetUptime: Duration
    /// Connect, send and close limits (see `ConnectionTimeouts`); the session enforces `connect` and `close`.
    public var timeouts: ConnectionTimeouts
    /// Random spread of each reconnect delay, as a fraction (0.2 = ±20 %); 0 in deterministic tests.
    public var reconnectJitter: Double
    /// Prefix of generated `req_id`s.
    public var reqIDPrefix: String
    /// Largest photo `download_photo` accepts (the binary frame's `data_len`).
    public var maxPhotoBytes: Int
    /// Upper bound of `maxPhotoBytes`: a photo frame (header and photo) must fit one WebSocket message.
    public static let photoLimitCeiling = WireBudget.maxMessageBytes - PhotoFrame.maxHeaderBytes
    /// Default of `maxPhotoBytes`: what the wire allows. The daemon passes its photo decoder's input budget
    /// (`ImageLimits.photo`), so a photo it would refuse to decode is not downloaded either.
    public static let defaultMaxPhotoBytes = photoLimitCeiling
    /// Longest delay or timeout the configuration accepts (request timeout, retry and reconnect delays,
    /// `ConnectionTimeouts`).
    public static let longestWait = Duration.seconds(3600)

    /// Validates the endpoint (`CloudEndpoint`: wss://, or ws:// only to a loopback host), the ping interval, the
    /// delays and the algorithm lists.
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
        reconnectResetUptime: Duration = .seconds(60),
        timeouts: ConnectionTimeouts = .default,
        reconnectJitter: Double = 0.2,
        reqIDPrefix: String = "dev",
        maxPhotoBytes: Int = WeComClientConfiguration.defaultMaxPhotoBytes
    ) throws(WeComConfigurationError) {
        do {
            cloudEndpoint = try CloudEndpoint(endpoint)
        } catch {
            throw .endpoint(error)
        }
        for (field, duration) in [
            ("activeRetryInterval", activeRetryInterval), ("requestTimeout", requestTimeout),
            ("reconnectInitialDelay", reconnectInitialDelay), ("reconnectMaxDelay", reconnectMaxDelay),
            ("reconnectResetUptime", reconnectResetUptime),
        ] {
            guard duration > .zero, duration <= Self.longestWait else {
                throw .durationOutOfRange(field: field, duration)
            }
        }
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
        self.reconnectResetUptime = reconnectResetUptime
        self.timeouts = timeouts
        self.reconnectJitter = reconnectJitter.isFinite ? min(max(reconnectJitter, 0), 1) : 0
        self.reqIDPrefix = reqIDPrefix
        self.maxPhotoBytes = maxPhotoBytes
    }
}
