import Crypto
import Foundation
import Hummingbird
import JSONSupport
import Logging

/// A simulated WeCom cloud (device-direct side): one loopback Hummingbird server with the device
/// WebSocket endpoint (`/` and `/websocket`) and the admin HTTP API (`/admin/...`).
public actor CloudSimulator {
    let wallClock: any CloudWallClock
    let clock: any Clock<Duration>
    let logger: Logger

    /// Narration of what happens, for demos and tests. Single consumer; keeps the newest 10 000 events.
    public nonisolated let events: AsyncStream<CloudEvent>
    let eventSink: AsyncStream<CloudEvent>.Continuation

    var deviceTable: [String: DeviceState] = [:]
    /// Members, visitors, their templates and the two versions.
    var directory = CloudDirectory()
    /// The corp's self-enrollment switches (`push_open_self_input`); both off until the admin sets them.
    var selfInput = CloudSelfInputSwitches()
    var operationsByID: [String: CloudOperation] = [:]
    var operationOrder: [String] = []
    var uploadLog: [CloudUploadRecord] = []
    /// Passages taken from `checkin`, oldest first.
    var passageLog = PassageLog()
    /// Photos of `push_user_face` operations by media_id, served by `download_photo`.
    var photoMedia: [String: StoredPhoto] = [:]
    /// Current fault injection settings.
    public internal(set) var faults = CloudFaults()
    /// Every `get_userinfo_by_page` answered, in order (what a pull asked for, and where it resumed).
    public internal(set) var pageRequests: [CloudPageRequest] = []
    var connections: [Int: ConnectionState] = [:]
    var nextConnectionID = 1
    var nextPushID = 1
    var operationWaiters: [String: [UUID: CheckedContinuation<CloudOperation, any Error>]] = [:]
    var serverTask: Task<Void, Never>?

    /// Creates a simulator; `wallClock` dates everything, `clock` times waits and injected delays.
    public init(
        wallClock: any CloudWallClock = SystemCloudWallClock(),
        clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger = Logger(label: "WeComCloudSim")
    ) {
        self.wallClock = wallClock
        self.clock = clock
        self.logger = logger
        (events, eventSink) = AsyncStream.makeStream(of: CloudEvent.self, bufferingPolicy: .bufferingNewest(10_000))
    }

    // MARK: Corp administration

    /// Registers a device with a per-device SecretNo.
    public func addDevice(sn: String, secretNo: String) throws {
        try insertDevice(DeviceState(sn: sn, secretNo: try nonEmpty(secretNo, field: "secret_no"), seedSecretNo: nil))
    }

    /// Registers a device that only knows its model's seed key (it calls `get_secret_no` first).
    public func addDevice(sn: String, seedSecretNo: String) throws {
        try insertDevice(
            DeviceState(sn: sn, secretNo: nil, seedSecretNo: try nonEmpty(seedSecretNo, field: "seed_secret_no")))
    }

    private func insertDevice(_ device: DeviceState) throws {
        _ = try nonEmpty(device.sn, field: "sn")
        guard deviceTable[device.sn] == nil else { throw CloudSimError.deviceAlreadyExists(sn: device.sn) }
        deviceTable[device.sn] = device
    }

    /// Binds the device to the corp and pushes `push_bind_corp` if it is connected.
    public func bind(sn: String) throws {
        guard deviceTable[sn] != nil else { throw CloudSimError.unknownDevice(sn: sn) }
        deviceTable[sn]?.bound = true
        push(to: sn, cmd: "push_bind_corp", body: nil)
    }

    /// Unbinds the device: its secret goes stale, its login ends, and `push_unbind_corp` is pushed.
    public func unbind(sn: String) throws {
        guard let device = deviceTable[sn] else { throw CloudSimError.unknownDevice(sn: sn) }
        push(to: sn, cmd: "push_unbind_corp", body: nil)
        deviceTable[sn]?.bound = false
        deviceTable[sn]?.secret = nil
        if let id = device.connection { connections[id]?.loggedIn = false }
    }

    /// Pushes `push_enter_page` to a bound, logged-in device and returns the new oper_id.
    public func pushEnrollment(sn: String, userid: String, pageType: CloudPageType) throws -> String {
        guard let device = deviceTable[sn] else { throw CloudSimError.unknownDevice(sn: sn) }
        guard let member = directory.person(userid) else { throw CloudSimError.unknownMember(userid: userid) }
        guard device.bound else { throw CloudSimError.deviceNotBound(sn: sn) }
        guard let id = device.connection, connections[id]?.loggedIn == true else {
            throw CloudSimError.deviceOffline(sn: sn)
        }
        let operID = newOperID()
        let operation = CloudOperation(
            operID: operID, sn: sn, userid: userid, userType: member.userType, pageType: pageType,
            pushedAt: wallClock.now(), status: .pending)
        operationsByID[operID] = operation
        operationOrder.append(operID)
        push(to: sn, cmd: "push_enter_page", body: operationBody(operation))
        eventSink.yield(.operationChanged(operation))
        return operID
    }

    /// Cancels a pending operation and pushes `push_exit_page`.
    public func cancel(operID: String) throws {
        guard let operation = operationsByID[operID] else { throw CloudSimError.unknownOperation(operID: operID) }
        guard operation.status == .pending else {
            throw CloudSimError.operationNotPending(operID: operID, status: operation.status)
        }
        push(to: operation.sn, cmd: "push_exit_page", body: operationBody(operation))
        updateOperation(operID) {
            $0.status = .cancelled
            $0.reason = "cancelled by admin"
        }
    }

    /// A fresh, unique oper_id.
    func newOperID() -> String {
        "oper-\(operationOrder.count + 1)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    private func operationBody(_ operation: CloudOperation) -> JSONValue {
        [
            "page_type": .string(operation.pageType.rawValue), "oper_id": .string(operation.operID),
            "userid": .string(operation.userid), "user_type": .integer(Int64(operation.userType)),
        ]
    }

    // MARK: Inspection

    /// One operation by oper_id.
    public func operation(_ operID: String) -> CloudOperation? { operationsByID[operID] }

    /// Every operation, oldest first.
    public func operations() -> [CloudOperation] { operationOrder.compactMap { operationsByID[$0] } }

    /// Every upload with its verdict, oldest first.
    public func uploads() -> [CloudUploadRecord] { uploadLog }

    /// Status of every device, ordered by sn.
    public func devices() -> [CloudDeviceStatus] {
        deviceTable.values.sorted { $0.sn < $1.sn }.map { device in
            let connection = device.connection.flatMap { connections[$0] }
            return CloudDeviceStatus(
                sn: device.sn, usesSeedSecretNo: device.seedSecretNo != nil, registered: device.registered,
                bound: device.bound, connected: connection != nil, loggedIn: connection?.loggedIn ?? false,
                firmwareVersion: device.firmwareVersion, fpAlgorithms: device.fpAlgorithms,
                faAlgorithms: device.faAlgorithms, lastPing: device.lastPing)
        }
    }

    /// Templates stored for a member (or all members when nil), ordered by userid, modality, slot.
    public func storedTemplates(userid: String? = nil) -> [CloudTemplate] {
        let owners = userid.map { [$0] } ?? Array(directory.templates.keys)
        return owners.flatMap { owner in
            (directory.templates[owner]?.values ?? [:].values).map { template in
                CloudTemplate(
                    userid: owner, pageType: template.pageType, slot: template.slot, algorithm: template.algorithm,
                    size: template.data.count, shortHash: Self.shortHash(template.data), sn: template.sn ?? "admin",
                    storedAt: template.storedAt)
            }
        }.sorted {
            ($0.userid, $0.pageType.rawValue, $0.slot, $0.algorithm) < (
                $1.userid, $1.pageType.rawValue, $1.slot, $1.algorithm
            )
        }
    }

    /// Current contact version.
    public func currentPermVersion() -> Int { directory.permVersion }

    /// Current visitor version.
    public func currentVisitorVersion() -> Int { directory.visitorVersion }

    // MARK: Faults

    /// Replaces the persistent fault settings.
    public func setFaults(_ settings: CloudFaults) throws {
        guard settings.delayResponsesMs >= 0 else {
            throw CloudSimError.invalidField(field: "delay_responses_ms", expected: "a non-negative integer")
        }
        faults = settings
    }

    /// Closes the device's WebSocket connection now.
    public func dropConnection(sn: String) throws {
        guard let device = deviceTable[sn] else { throw CloudSimError.unknownDevice(sn: sn) }
        guard let id = device.connection, let connection = connections[id] else {
            throw CloudSimError.deviceOffline(sn: sn)
        }
        connection.outbox.yield(.close(reason: "dropped by fault injection"))
    }

    /// Turns the device's current connection into a silent peer: it stays open, but no frame on it is
    /// answered again, no push goes out on it and the device's close is not answered. A new connection
    /// from the device is served normally.
    public func silence(sn: String) throws {
        guard let device = deviceTable[sn] else { throw CloudSimError.unknownDevice(sn: sn) }
        guard let id = device.connection, connections[id] != nil else { throw CloudSimError.deviceOffline(sn: sn) }
        connections[id]?.silent = true
    }

    func isSilent(_ id: Int) -> Bool { connections[id]?.silent == true && serverTask != nil }

    // MARK: Waiting

    /// Waits until the operation is no longer pending; throws `timedOut` after `timeout` on the injected clock.
    public func waitForOperation(_ operID: String, timeout: Duration) async throws -> CloudOperation {
        guard let operation = operationsByID[operID] else { throw CloudSimError.unknownOperation(operID: operID) }
        if operation.status.isTerminal { return operation }
        let clock = self.clock
        return try await withThrowingTaskGroup(of: CloudOperation.self) { group in
            group.addTask { try await self.terminalOperation(operID) }
            group.addTask {
                try await clock.sleep(for: timeout)
                throw CloudSimError.timedOut(operID: operID)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CloudSimError.timedOut(operID: operID) }
            return first
        }
    }

    private func terminalOperation(_ operID: String) async throws -> CloudOperation {
        let token = UUID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if let operation = operationsByID[operID], operation.status.isTerminal {
                    continuation.resume(returning: operation)
                } else if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    operationWaiters[operID, default: [:]][token] = continuation
                }
            }
        } onCancel: {
            Task { await self.dropWaiter(operID, token: token) }
        }
    }

    private func dropWaiter(_ operID: String, token: UUID) {
        operationWaiters[operID]?.removeValue(forKey: token)?.resume(throwing: CancellationError())
    }

    /// Applies `change` to an operation, announces it, and wakes waiters when it became terminal.
    func updateOperation(_ operID: String, _ change: (inout CloudOperation) -> Void) {
        guard var operation = operationsByID[operID] else { return }
        change(&operation)
        operationsByID[operID] = operation
        eventSink.yield(.operationChanged(operation))
        if operation.status.isTerminal, let waiters = operationWaiters.removeValue(forKey: operID) {
            for waiter in waiters.values { waiter.resume(returning: operation) }
        }
    }

    // MARK: Pushes

    /// Sends a push frame to the device's connection; false when the device is not connected.
    @discardableResult
    func push(to sn: String, cmd: String, body: JSONValue?) -> Bool {
        guard let id = deviceTable[sn]?.connection, let connection = connections[id], !connection.silent else {
            logger.info("push not delivered: device offline", metadata: ["sn": "\(sn)", "cmd": "\(cmd)"])
            return false
        }
        var frame: [String: JSONValue] = ["cmd": .string(cmd), "headers": ["req_id": .string("push-\(nextPushID)")]]
        nextPushID += 1
        if let body { frame["body"] = body }
        connection.outbox.yield(.text(JSONValue.object(frame).jsonText()))
        eventSink.yield(.pushSent(sn: sn, cmd: cmd, operID: body?["oper_id"]?.stringValue))
        return true
    }

    /// Sends `text` as one text frame to the device's connection, whatever it holds (hostile-input tests).
    public func sendRawText(to sn: String, _ text: String) throws {
        guard deviceTable[sn] != nil else { throw CloudSimError.unknownDevice(sn: sn) }
        guard let id = deviceTable[sn]?.connection, let connection = connections[id] else {
            throw CloudSimError.deviceOffline(sn: sn)
        }
        connection.outbox.yield(.text(text))
    }

    // MARK: Helpers

    func nonEmpty(_ value: String, field: String) throws -> String {
        guard !value.isEmpty else { throw CloudSimError.invalidField(field: field, expected: "a non-empty string") }
        return value
    }

    /// A random lowercase hex string of `bytes` random bytes.
    static func randomHex(bytes: Int) -> String {
        (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    /// First 12 hex digits of the sha1 of `data`.
    static func shortHash(_ data: Data) -> String {
        String(Insecure.SHA1.hash(data: data).map { String(format: "%02x", $0) }.joined().prefix(12))
    }
}
