import Foundation
import JSONSupport
import Logging
import Synchronization
import WSClient

@testable import WeComCloudSim

/// Deterministic template-like bytes (a linear congruential sequence: high entropy, no image structure).
func templateBytes(count: Int = 512, seed: UInt32 = 7) -> Data {
    var state = seed
    return Data(
        (0..<count).map { _ in
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: state >> 24)
        })
}

/// base64 of `templateBytes`.
func templateBase64(count: Int = 512, seed: UInt32 = 7) -> String {
    templateBytes(count: count, seed: seed).base64EncodedString()
}

/// The fixed start of the test wall clock (2026-01-01T00:00:00Z).
let testEpoch = Date(timeIntervalSince1970: 1_767_225_600)

/// A quiet logger for tests.
let quietLogger: Logger = {
    var logger = Logger(label: "WeComCloudSimTests")
    logger.logLevel = .critical
    return logger
}()

/// Holds the first error thrown inside a WebSocket client handler.
final class ErrorBox: Sendable {
    private let stored = Mutex<(any Error)?>(nil)
    func set(_ error: any Error) { stored.withLock { if $0 == nil { $0 = error } } }
    var error: (any Error)? { stored.withLock { $0 } }
}

struct TestDeviceError: Error, CustomStringConvertible {
    let description: String
}

/// A scripted device on a real WebSocket connection to the simulator.
final class TestDevice {
    private var frames: WebSocketInboundMessageStream.AsyncIterator
    private let outbound: WebSocketOutboundWriter
    private var bufferedPushes: [JSONValue] = []
    private var nextID = 1

    init(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) {
        frames = inbound.messages(maxSize: 1 << 22).makeAsyncIterator()
        self.outbound = outbound
    }

    /// A fresh req_id.
    func freshReqID() -> String {
        defer { nextID += 1 }
        return "req-\(nextID)"
    }

    /// Sends a request and returns its response (pushes arriving meanwhile are kept for `nextPush`).
    func request(_ cmd: String, body: JSONValue? = nil, reqID: String? = nil) async throws -> JSONValue {
        let id = reqID ?? freshReqID()
        var frame: [String: JSONValue] = ["cmd": .string(cmd), "headers": ["req_id": .string(id)]]
        if let body { frame["body"] = body }
        try await outbound.write(.text(JSONValue.object(frame).jsonText()))
        while true {
            let response = try await nextFrame()
            if response["cmd"] != nil {
                bufferedPushes.append(response)
            } else if response["headers"]?["req_id"]?.stringValue == id {
                return response
            } else {
                throw TestDeviceError(description: "unexpected frame \(response.jsonText()) while waiting for \(id)")
            }
        }
    }

    /// Sends raw text and returns the next non-push frame.
    func sendRaw(_ text: String) async throws -> JSONValue {
        try await outbound.write(.text(text))
        while true {
            let frame = try await nextFrame()
            if frame["cmd"] == nil { return frame }
            bufferedPushes.append(frame)
        }
    }

    /// The `cmd` of every push received so far and not yet taken by `nextPush`.
    var bufferedPushCommands: [String] { bufferedPushes.compactMap { $0["cmd"]?.stringValue } }

    /// The next push frame.
    func nextPush() async throws -> JSONValue {
        if !bufferedPushes.isEmpty { return bufferedPushes.removeFirst() }
        while true {
            let frame = try await nextFrame()
            if frame["cmd"] != nil { return frame }
            throw TestDeviceError(description: "unexpected response \(frame.jsonText()) while waiting for a push")
        }
    }

    private func nextFrame() async throws -> JSONValue {
        guard let message = try await frames.next() else { throw TestDeviceError(description: "connection closed") }
        guard case .text(let text) = message else { throw TestDeviceError(description: "binary frame") }
        return try JSONValue.parse(text)
    }
}

/// Connects a `TestDevice` to the simulator on `port` and runs `script` with it.
func withDevice(
    port: Int, path: String = "/websocket", _ script: @escaping @Sendable (TestDevice) async throws -> Void
) async throws {
    let failure = ErrorBox()
    try await WebSocketClient.connect(
        url: "ws://127.0.0.1:\(port)\(path)", configuration: WebSocketClientConfiguration(maxFrameSize: 1 << 22),
        logger: quietLogger
    ) {
        inbound, outbound, _ in
        do {
            try await script(TestDevice(inbound: inbound, outbound: outbound))
        } catch {
            failure.set(error)
        }
    }
    if let error = failure.error { throw error }
}

/// Facts about a simulated device used by the loopback tests.
struct DeviceFixture: Sendable {
    var sn = "SN-TEST-0001"
    var secretNo = "secretno-0001"
    var firmware = "1.2.3"
    var fpAlgorithms: [String] = ["zfm-module-char-v1"]
    var faAlgorithms: [String] = []
}

extension TestDevice {
    /// register → active → (bind) → active → subscribe_corp, checking each answer; returns the secret.
    @discardableResult
    func logIn(_ fixture: DeviceFixture, simulator: CloudSimulator, now: Date) async throws -> String {
        let timestamp = String(Int(now.timeIntervalSince1970))
        let signature = CloudSignature.register(
            sn: fixture.sn, secretNo: fixture.secretNo, timestamp: timestamp, nonce: "99")
        let registered = try await request(
            "register",
            body: [
                "sn": .string(fixture.sn), "device_signature": .string(signature), "timestamp": .string(timestamp),
                "nonce": 99,
            ])
        guard registered["errcode"] == 0, let code = registered["body"]?["active_code"]?.stringValue else {
            throw TestDeviceError(description: "register failed: \(registered.jsonText())")
        }
        try await simulator.bind(sn: fixture.sn)
        _ = try await nextPush()
        let activated = try await request("active", body: ["active_code": .string(code)])
        guard let secret = activated["body"]?["secret"]?.stringValue else {
            throw TestDeviceError(description: "active failed: \(activated.jsonText())")
        }
        let subscribed = try await request(
            "subscribe_corp",
            body: [
                "secret": .string(secret), "firmware_version": .string(fixture.firmware),
                "ext_args": [
                    "fp_algorithm": .array(fixture.fpAlgorithms.map { .string($0) }),
                    "fa_algorithm": .array(fixture.faAlgorithms.map { .string($0) }),
                ],
            ])
        guard subscribed["errcode"] == 0 else {
            throw TestDeviceError(description: "subscribe failed: \(subscribed.jsonText())")
        }
        return secret
    }
}
