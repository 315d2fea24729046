import Foundation
import JSONSupport

/// The device-side commands of spec §4 and §5, as the cloud answers them.
extension CloudSimulator {
    /// Seconds a signature timestamp may differ from the cloud's clock.
    static let signatureWindow: TimeInterval = 300
    /// Most ids per `check_userid`.
    static let maxCheckIDs = 200
    /// Most algorithms per modality in `subscribe_corp`.
    static let maxAlgorithms = 5

    /// Commands that need a logged-in connection.
    static let loginRequired: Set<String> = [
        "ping", "get_perm_version", "check_userid", "upload_userinfo", "get_userinfo_by_page", "get_userinfo_by_ids",
        "get_visitor_by_ids", CheckinRules.cmd,
    ]

    func runCommand(_ cmd: String, body: RequestBody, connection id: Int) throws -> JSONValue? {
        if Self.loginRequired.contains(cmd), connections[id]?.loggedIn != true {
            throw CommandFailure(
                CloudErrorCode.notLoggedIn, "\(cmd) needs a logged-in device; call subscribe_corp first")
        }
        switch cmd {
        case "get_timestamp":
            return ["timestamp": faults.timestampAnswer ?? .integer(Self.unixSeconds(wallClock.now()))]
        case "get_secret_no": return try getSecretNo(body, connection: id)
        case "register": return try register(body, connection: id)
        case "active": return try activate(body, connection: id)
        case "subscribe_corp": return try subscribe(body, connection: id)
        case "ping":
            if let sn = connections[id]?.sn { deviceTable[sn]?.lastPing = wallClock.now() }
            return nil
        case "get_perm_version": return ["perm_version": .integer(Int64(directory.permVersion))]
        case "get_userinfo_by_page": return try userInfoByPage(body, connection: id)
        case "get_userinfo_by_ids": return try userInfoByIDs(body, connection: id)
        case "get_visitor_by_ids": return try visitorsByIDs(body, connection: id)
        case "check_userid": return try checkUserids(body)
        case CheckinRules.cmd: return try checkin(body, connection: id)
        default: throw CommandFailure(CloudErrorCode.unknownCommand, "unknown cmd \"\(cmd)\"")
        }
    }

    private func knownDevice(_ sn: String) throws -> DeviceState {
        guard let device = deviceTable[sn] else {
            throw CommandFailure(CloudErrorCode.unknownDevice, "unknown sn \"\(sn)\"")
        }
        return device
    }

    /// Whole Unix seconds of `date` (0 for a date beyond 64 bits).
    static func unixSeconds(_ date: Date) -> Int64 {
        Int64(exactly: date.timeIntervalSince1970.rounded(.down)) ?? 0
    }

    /// Refuses a signature timestamp more than `signatureWindow` from the clock. `text` is the device's
    /// digits, of any length: compared as a Double, never converted to an integer.
    private func checkTimestamp(_ text: String) throws {
        let timestamp = TimeInterval(text) ?? .infinity
        let skew = abs(wallClock.now().timeIntervalSince1970 - timestamp)
        guard skew <= Self.signatureWindow else {
            let distance = skew.isFinite ? String(format: "%.0f s", skew) : "infinitely far"
            throw CommandFailure(
                CloudErrorCode.timestampExpired,
                "timestamp \(text.prefix(40)) is \(distance) away from the cloud's time; at most \(Int(Self.signatureWindow)) s allowed"
            )
        }
    }

    /// Reads the fields every signed command carries and ties the connection to that device.
    private func signedRequest(
        _ body: RequestBody, connection id: Int
    ) throws -> (sn: String, signature: String, timestamp: String, nonce: String, device: DeviceState) {
        let sn = try body.requiredString("sn")
        let fields = (
            sn: sn,
            signature: try body.requiredString("device_signature"),
            timestamp: try body.requiredNumberText("timestamp"),
            nonce: try body.requiredNumberText("nonce"),
            device: try knownDevice(sn)
        )
        connections[id]?.sn = sn
        deviceTable[sn]?.connection = id
        return fields
    }

    private func getSecretNo(_ body: RequestBody, connection id: Int) throws -> JSONValue {
        let (sn, signature, timestamp, nonce, device) = try signedRequest(body, connection: id)
        if device.registered {
            throw CommandFailure(
                CloudErrorCode.alreadyRegistered,
                "device \(sn) is already registered; get_secret_no is no longer allowed")
        }
        guard let seed = device.seedSecretNo else {
            throw CommandFailure(
                CloudErrorCode.unknownDevice, "device \(sn) has no seed SecretNo; it uses its own SecretNo")
        }
        try checkTimestamp(timestamp)
        guard
            signature.lowercased()
                == CloudSignature.secretNo(sn: sn, seedSecretNo: seed, timestamp: timestamp, nonce: nonce)
        else {
            throw CommandFailure(
                CloudErrorCode.invalidSignature,
                "device_signature does not match sha1 of sorted [sn, seed SecretNo, timestamp, nonce, \"secret_no\"]")
        }
        let secretNo = device.secretNo ?? Self.randomHex(bytes: 16)
        deviceTable[sn]?.secretNo = secretNo
        return ["secret_no": .string(secretNo)]
    }

    private func register(_ body: RequestBody, connection id: Int) throws -> JSONValue {
        let (sn, signature, timestamp, nonce, device) = try signedRequest(body, connection: id)
        try checkTimestamp(timestamp)
        guard let secretNo = device.secretNo else {
            throw CommandFailure(
                CloudErrorCode.unknownDevice, "device \(sn) has only a seed SecretNo; call get_secret_no first")
        }
        guard
            signature.lowercased()
                == CloudSignature.register(sn: sn, secretNo: secretNo, timestamp: timestamp, nonce: nonce)
        else {
            throw CommandFailure(
                CloudErrorCode.invalidSignature,
                "device_signature does not match sha1 of sorted [sn, SecretNo, timestamp, nonce, \"register\"]")
        }
        if let activeCode = device.activeCode {
            throw RegisteredFailure(activeCode: activeCode)
        }
        let activeCode = Self.randomHex(bytes: 16)
        deviceTable[sn]?.activeCode = activeCode
        return ["active_code": .string(activeCode)]
    }

    private func activate(_ body: RequestBody, connection id: Int) throws -> JSONValue {
        let code = try body.requiredString("active_code")
        guard let device = deviceTable.values.first(where: { $0.activeCode == code }) else {
            throw CommandFailure(CloudErrorCode.invalidActiveCode, "active_code is not valid; register again")
        }
        connections[id]?.sn = device.sn
        deviceTable[device.sn]?.connection = id
        guard device.bound else {
            throw CommandFailure(
                CloudErrorCode.notBoundYet, "device \(device.sn) is not bound to a corp yet; retry active every 5 s")
        }
        let secret = device.secret ?? Self.randomHex(bytes: 16)
        deviceTable[device.sn]?.secret = secret
        return ["secret": .string(secret)]
    }

    private func subscribe(_ body: RequestBody, connection id: Int) throws -> JSONValue? {
        let secret = try body.requiredString("secret")
        let firmware = try body.requiredString("firmware_version")
        let extArgs = body.value?["ext_args"]
        if let extArgs, extArgs.objectValue == nil {
            throw CommandFailure.invalid("body.ext_args", "an object, got \(extArgs.kindName)")
        }
        let fp = try body.stringList(
            extArgs?["fp_algorithm"], name: "body.ext_args.fp_algorithm", limit: Self.maxAlgorithms)
        let fa = try body.stringList(
            extArgs?["fa_algorithm"], name: "body.ext_args.fa_algorithm", limit: Self.maxAlgorithms)
        guard let device = deviceTable.values.first(where: { $0.secret == secret }), device.bound else {
            throw CommandFailure(
                CloudErrorCode.notAuthorised,
                "enterprise not authorised: secret is wrong or stale, or the device is unbound")
        }
        if let old = device.connection, old != id { connections[old]?.loggedIn = false }
        deviceTable[device.sn]?.connection = id
        deviceTable[device.sn]?.firmwareVersion = firmware
        deviceTable[device.sn]?.fpAlgorithms = fp
        deviceTable[device.sn]?.faAlgorithms = fa
        connections[id]?.sn = device.sn
        connections[id]?.loggedIn = true
        return nil
    }

    private func checkUserids(_ body: RequestBody) throws -> JSONValue {
        var ids: [String] = []
        if let items = body.value?["userid_item"] {
            guard let list = items.arrayValue else {
                throw CommandFailure.invalid("body.userid_item", "an array, got \(items.kindName)")
            }
            for (index, item) in list.enumerated() {
                guard let userid = item["userid"]?.stringValue else {
                    throw CommandFailure.invalid("body.userid_item[\(index)].userid", "a string")
                }
                ids.append(userid)
            }
        } else if let items = body.value?["userid"] {
            ids = try body.stringList(items, name: "body.userid", limit: Int.max)
        } else {
            throw CommandFailure.invalid(
                "body.userid", "an array of userids (or body.userid_item), but both are missing")
        }
        guard ids.count <= Self.maxCheckIDs else {
            throw CommandFailure(
                CloudErrorCode.tooManyItems, "check_userid: at most \(Self.maxCheckIDs) ids, got \(ids.count)")
        }
        let legal = ids.filter { directory.person($0) != nil }
        let illegal = ids.filter { directory.person($0) == nil }
        return [
            "legal_userid": .array(legal.map { .string($0) }), "illegal_userid": .array(illegal.map { .string($0) }),
        ]
    }
}

/// `register` of an already registered device: errcode 600002 with the (still valid) active_code in the body.
struct RegisteredFailure: Error {
    let activeCode: String
}
