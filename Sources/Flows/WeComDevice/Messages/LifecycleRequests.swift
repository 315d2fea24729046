import Biometrics
import JSONSupport

/// `get_timestamp`: the server's clock, in Unix seconds.
public struct GetTimestamp: DeviceRequest {
    public static let cmd = "get_timestamp"
    public init() {}
    public func body() -> JSONObject? { nil }
    /// The server time; `.invalidResponse` naming `body.timestamp` unless it is a Uint32 from 2018 on
    /// (`ProtocolLimits.serverClockSeconds`).
    public func decodeResponse(_ response: ResponseEnvelope) throws(WeComError) -> Int64 {
        let reader = try successBody(response)
        return try decoding { () throws(FrameError) in
            try reader.lenientInteger(
                "timestamp", in: ProtocolLimits.serverClockSeconds, expected: "Unix seconds from 2018 as a Uint32")
        }
    }
}

/// `get_secret_no`: exchanges the model-wide seedSecretNo for this device's SecretNo.
public struct GetSecretNo: DeviceRequest {
    public static let cmd = "get_secret_no"
    public var sn: String
    public var timestamp: Int64
    public var nonce: Int64
    public var signature: String

    /// Signs with the seed key and the `"secret_no"` constant.
    public init(sn: String, seedSecretNo: String, timestamp: Int64, nonce: Int64) {
        self.sn = sn
        self.timestamp = timestamp
        self.nonce = nonce
        self.signature = DeviceSignature.sign(
            sn: sn, key: seedSecretNo, timestamp: timestamp, nonce: nonce, constant: DeviceSignature.secretNoConstant)
    }

    public func body() -> JSONObject? {
        [
            "device_signature": .string(signature), "sn": .string(sn),
            "timestamp": .integer(timestamp), "nonce": .integer(nonce),
        ]
    }

    public func decodeResponse(_ response: ResponseEnvelope) throws(WeComError) -> String {
        let reader = try successBody(response)
        return try decoding { () throws(FrameError) in try reader.string("secret_no") }
    }
}

/// Optional `net_info` of `register`.
public struct NetInfo: Sendable, Hashable {
    public var wifiName: String?
    public var macAddress: String?

    public init(wifiName: String? = nil, macAddress: String? = nil) {
        self.wifiName = wifiName
        self.macAddress = macAddress
    }

    var json: JSONObject {
        var object: JSONObject = [:]
        if let wifiName { object["wifi_name"] = .string(wifiName) }
        if let macAddress { object["mac_address"] = .string(macAddress) }
        return object
    }
}

/// `register`: returns the long-lived `active_code`.
public struct Register: DeviceRequest {
    public static let cmd = "register"
    public var sn: String
    public var timestamp: Int64
    public var nonce: Int64
    public var signature: String
    public var netInfo: NetInfo?

    /// Signs with the SecretNo and the `"register"` constant.
    public init(sn: String, secretNo: String, timestamp: Int64, nonce: Int64, netInfo: NetInfo? = nil) {
        self.sn = sn
        self.timestamp = timestamp
        self.nonce = nonce
        self.netInfo = netInfo
        self.signature = DeviceSignature.sign(
            sn: sn, key: secretNo, timestamp: timestamp, nonce: nonce, constant: DeviceSignature.registerConstant)
    }

    public func body() -> JSONObject? {
        var object: JSONObject = [
            "device_signature": .string(signature), "sn": .string(sn),
            "timestamp": .integer(timestamp), "nonce": .integer(nonce),
        ]
        if let netInfo { object["net_info"] = .object(netInfo.json) }
        return object
    }

    public func decodeResponse(_ response: ResponseEnvelope) throws(WeComError) -> String {
        let reader = try successBody(response)
        return try decoding { () throws(FrameError) in try reader.string("active_code") }
    }
}

/// `active`: returns the `secret` once an enterprise has bound the device, nil while unbound.
public struct Active: DeviceRequest {
    public static let cmd = "active"
    public var activeCode: String

    public init(activeCode: String) { self.activeCode = activeCode }

    public func body() -> JSONObject? { ["active_code": .string(activeCode)] }

    public func decodeResponse(_ response: ResponseEnvelope) throws(WeComError) -> String? {
        let reader = try successBody(response)
        let secret = try decoding { () throws(FrameError) in try reader.optionalString("secret") }
        return secret.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// `subscribe_corp` (login), declaring the algorithms the device supports per modality.
public struct SubscribeCorp: DeviceRequest {
    public static let cmd = "subscribe_corp"
    public var secret: String
    public var firmwareVersion: String
    /// Fingerprint algorithms in preference order; empty when the device has no fingerprint sensor.
    public var fingerprintAlgorithms: [AlgorithmID]
    /// Face algorithms in preference order; empty when the device has no camera.
    public var faceAlgorithms: [AlgorithmID]

    public init(
        secret: String, firmwareVersion: String, fingerprintAlgorithms: [AlgorithmID], faceAlgorithms: [AlgorithmID]
    ) {
        self.secret = secret
        self.firmwareVersion = firmwareVersion
        self.fingerprintAlgorithms = fingerprintAlgorithms
        self.faceAlgorithms = faceAlgorithms
    }

    public func body() throws(WeComError) -> JSONObject? {
        var extArgs: JSONObject = [:]
        for (key, list) in [("fp_algorithm", fingerprintAlgorithms), ("fa_algorithm", faceAlgorithms)] {
            guard list.count <= ProtocolLimits.algorithmsPerModality else {
                throw .invalidRequest(
                    cmd: Self.cmd,
                    reason:
                        "ext_args.\(key): expected at most \(ProtocolLimits.algorithmsPerModality) entries, got \(list.count)"
                )
            }
            if !list.isEmpty { extArgs[key] = .array(list.map { .string($0.rawValue) }) }
        }
        var object: JSONObject = ["secret": .string(secret), "firmware_version": .string(firmwareVersion)]
        if !extArgs.isEmpty { object["ext_args"] = .object(extArgs) }
        return object
    }

    public func decodeResponse(_ response: ResponseEnvelope) throws(WeComError) {
        _ = try successBody(response)
    }
}

/// `ping`: the heartbeat, no body.
public struct Ping: DeviceRequest {
    public static let cmd = "ping"
    public init() {}
    public func body() -> JSONObject? { nil }
    public func decodeResponse(_ response: ResponseEnvelope) throws(WeComError) {
        _ = try successBody(response)
    }
}
