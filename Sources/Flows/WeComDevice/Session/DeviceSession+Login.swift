import Foundation
import JSONSupport

extension DeviceSession {
    /// connect → get_timestamp → (get_secret_no) → (register) → (active) → subscribe_corp → logged in (spec 4.4).
    func lifecycle() async throws {
        credentials = try await credentialStore.loadCredentials()
        try await synchroniseClock()
        if credentials.secretNo == nil, case .seedSecretNo(let seed) = configuration.key {
            try await fetchSecretNo(seed: seed)
        }
        while true {
            if credentials.activeCode == nil { try await register() }
            if credentials.secret == nil {
                guard try await activate() else { continue }
            }
            guard try await subscribe() else { continue }
            try await stayLoggedIn()
        }
    }

    /// Unix seconds on the server's clock.
    var serverNow: Int64 { serverClock.now(wallClock: wallClock()) }

    /// Sets the server clock from `get_timestamp`; an unusable answer (an error response, a timestamp that
    /// is not a Uint32 from 2018 on, an offset that does not fit) is logged and the local clock signs.
    private func synchroniseClock() async throws {
        let response = try await checkedExchange(GetTimestamp())
        do {
            try serverClock.synchronise(
                serverTime: try GetTimestamp().decodeResponse(response), wallClock: wallClock())
        } catch {
            serverClock.useLocalClock()
            logger.warning("get_timestamp unusable, signing with the local clock: \(error)")
        }
    }

    private func fetchSecretNo(seed: String) async throws {
        let request = GetSecretNo(
            sn: configuration.sn, seedSecretNo: seed, timestamp: serverNow, nonce: Self.makeNonce())
        let secretNo = try request.decodeResponse(try await checkedExchange(request))
        credentials.secretNo = secretNo
        try await credentialStore.saveCredentials(credentials)
    }

    private var signingKey: String? {
        if let stored = credentials.secretNo { return stored }
        if case .secretNo(let key) = configuration.key { return key }
        return nil
    }

    private func register() async throws {
        setState(.registering)
        guard let key = signingKey else { throw WeComError.invalidRequest(cmd: Register.cmd, reason: "no SecretNo") }
        let request = Register(
            sn: configuration.sn, secretNo: key, timestamp: serverNow, nonce: Self.makeNonce(),
            netInfo: configuration.netInfo)
        let response = try await checkedExchange(request)
        if response.errcode == ErrorCode.registered || response.errcode == ErrorCode.keepAliveRegistered,
            case .string(let code)? = response.body?["active_code"], !code.isEmpty
        {
            credentials.activeCode = code
        } else {
            credentials.activeCode = try request.decodeResponse(response)
        }
        try await credentialStore.saveCredentials(credentials)
    }

    /// Polls `active` every retry interval (at once after `push_bind_corp`) until it yields a secret.
    /// Returns false when the active_code was rejected and `register` must run again.
    private func activate() async throws -> Bool {
        setState(.activating(waitingForBind: false))
        pendingEvents.remove(.unbound)
        guard let activeCode = credentials.activeCode else { return false }
        while true {
            pendingEvents.remove(.bound)
            let request = Active(activeCode: activeCode)
            let response = try await checkedExchange(request)
            switch response.errcode {
            case 0:
                if let secret = try request.decodeResponse(response) {
                    return try await storeSecret(secret)
                }
            case ErrorCode.alreadyActive:
                if case .string(let secret)? = response.body?["secret"], !secret.isEmpty {
                    return try await storeSecret(secret)
                }
                logger.warning("active: already active but no secret is known; polling on")
            case ErrorCode.invalidActiveCode:
                credentials.activeCode = nil
                try await credentialStore.saveCredentials(credentials)
                return false
            case ErrorCode.notAuthorised:
                await wipeForUnbind()
            default:
                logger.info("active: errcode \(response.errcode) \(response.errmsg); not bound yet")
            }
            setState(.activating(waitingForBind: true))
            try await sleep(for: configuration.activeRetryInterval, wakingOn: [.bound])
        }
    }

    private func storeSecret(_ secret: String) async throws -> Bool {
        credentials.secret = secret
        try await credentialStore.saveCredentials(credentials)
        return true
    }

    /// Logs in; false when the enterprise no longer authorises the device (wiped, re-activate).
    private func subscribe() async throws -> Bool {
        setState(.subscribing)
        guard let secret = credentials.secret else { return false }
        let request = SubscribeCorp(
            secret: secret, firmwareVersion: configuration.firmwareVersion,
            fingerprintAlgorithms: configuration.fingerprintAlgorithms, faceAlgorithms: configuration.faceAlgorithms)
        let response = try await checkedExchange(request)
        switch response.errcode {
        case 0, ErrorCode.subscribed, ErrorCode.alreadySubscribed:
            return true
        case ErrorCode.notAuthorised:
            await wipeForUnbind()
            return false
        default:
            throw WeComError.cloudError(cmd: SubscribeCorp.cmd, errcode: response.errcode, errmsg: response.errmsg)
        }
    }

    /// Pings every interval; returns when the device was unbound (to re-activate).
    private func stayLoggedIn() async throws {
        pendingEvents.remove(.bound)
        if loggedInFor == nil { loggedInFor = Stopwatch(clock: clock) }
        setState(.loggedIn)
        var nextPing = Deadline(clock: clock, after: configuration.pingInterval)
        while true {
            try await sleep(until: nextPing, wakingOn: [.unbound, .restartRequested, .unresponsive])
            if pendingEvents.contains(.restartRequested) {
                throw SessionRestart(errcode: ErrorCode.notLoggedIn, context: "a request was refused")
            }
            if pendingEvents.contains(.unresponsive) { throw UnresponsivePeer() }
            if pendingEvents.contains(.unbound) { return }
            // The next ping is due an interval after this one is sent, however long the cloud takes to answer.
            nextPing = Deadline(clock: clock, after: configuration.pingInterval)
            let response = try await checkedExchange(Ping())
            if response.errcode == ErrorCode.notAuthorised {
                await wipeForUnbind()
                return
            }
            if response.errcode != 0 { logger.warning("ping: errcode \(response.errcode) \(response.errmsg)") }
        }
    }

    /// `exchange` for life-cycle steps: restart codes restart the session.
    private func checkedExchange<R: DeviceRequest>(_ request: R) async throws -> ResponseEnvelope {
        let response = try await exchange.exchange(cmd: R.cmd, body: try request.body())
        if SessionRestart.restartCodes.contains(response.errcode) {
            await forgetCredentials(after: response.errcode)
            throw SessionRestart(errcode: response.errcode, context: R.cmd)
        }
        return response
    }

    /// "Not registered" drops the active_code and secret, "not active" the secret, so the restart redoes those steps.
    func forgetCredentials(after errcode: Int) async {
        switch errcode {
        case ErrorCode.notRegistered:
            credentials.activeCode = nil
            credentials.secret = nil
        case ErrorCode.notActive:
            credentials.secret = nil
        default:
            return
        }
        do {
            try await credentialStore.saveCredentials(credentials)
        } catch {
            logger.error("saving credentials failed: \(error)")
        }
    }

    /// Calls the store's wipe and forgets the secret; activation starts again.
    func wipeForUnbind() async {
        credentials.secret = nil
        do {
            try await credentialStore.wipeForUnbind()
        } catch {
            logger.error("wipe after unbind failed: \(error)")
        }
    }

    static func makeNonce() -> Int64 { Int64.random(in: 0...Int64.max) }
}
