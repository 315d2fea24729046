import Foundation
import Hummingbird
import HummingbirdWebSocket
import JSONSupport
import Synchronization

/// Running the Hummingbird application and serving device WebSocket connections.
extension CloudSimulator {
    /// Largest accepted WebSocket message.
    static let maxMessageBytes = 4 * 1024 * 1024

    /// Largest frame accepted: a full `upload_userinfo` of 200 users with all ten fingerprints and
    /// twelve faces each is about 4 MiB of JSON; Hummingbird's 16 KiB default would drop it.
    static let maxFrameSize = 8 << 20

    /// Starts the server on `host:port` (0 = any free port) and returns the bound port.
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws -> Int {
        guard serverTask == nil else { throw CloudSimError.alreadyRunning }
        let (boundPorts, portSink) = AsyncStream.makeStream(of: Int.self)
        let router = Router(context: SimRequestContext.self)
        router.ws("/") { inbound, outbound, _ in await self.serve(inbound: inbound, outbound: outbound) }
        router.ws("/websocket") { inbound, outbound, _ in await self.serve(inbound: inbound, outbound: outbound) }
        addAdminRoutes(to: router)
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(
                webSocketRouter: router,
                configuration: WebSocketServerConfiguration(maxFrameSize: Self.maxFrameSize)),
            configuration: .init(address: .hostname(host, port: port), serverName: "WeComCloudSim"),
            onServerRunning: { channel in
                portSink.yield(channel.localAddress?.port ?? port)
                portSink.finish()
            },
            logger: logger)
        let logger = self.logger
        serverTask = Task {
            do {
                try await app.runService(gracefulShutdownSignals: [])
            } catch {
                logger.error("cloud simulator server stopped", metadata: ["error": "\(error)"])
            }
            portSink.finish()
        }
        var iterator = boundPorts.makeAsyncIterator()
        guard let bound = await iterator.next() else {
            serverTask = nil
            throw CloudSimError.serverFailedToStart
        }
        logger.info("cloud simulator listening", metadata: ["host": "\(host)", "port": "\(bound)"])
        return bound
    }

    /// Closes every device connection and stops the server.
    public func stop() async {
        closeAllConnections()
        guard let task = serverTask else { return }
        serverTask = nil
        task.cancel()
        // Hummingbird's graceful shutdown can wait for ever on a connection caught mid-close ("Waiting on
        // child channel"); a stopping simulator must not hang its caller, so the wait is bounded.
        if !(await Self.finishes(task, within: .seconds(5))) {
            logger.warning("the simulator's server did not stop within 5 s; left to finish on its own")
        }
    }

    /// Whether `task` ends within `limit` (real time); the task is not waited for any longer.
    private static func finishes(_ task: Task<Void, Never>, within limit: Duration) async -> Bool {
        let pending = PendingAnswer()
        return await withCheckedContinuation { continuation in
            pending.set(continuation)
            Task {
                await task.value
                pending.answer(true)
            }
            Task {
                try? await Task.sleep(for: limit)
                pending.answer(false)
            }
        }
    }

    /// Serves one device connection: requests are answered in order, pushes interleave through the outbox.
    nonisolated func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async {
        let (frames, outbox) = AsyncStream.makeStream(of: OutgoingFrame.self)
        let id = await openConnection(outbox: outbox)
        let clock = self.clock
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await frame in frames {
                        switch frame {
                        case .text(let text): try await outbound.write(.text(text))
                        case .binary(let bytes): try await outbound.write(.binary(ByteBuffer(bytes: bytes)))
                        case .close(let reason):
                            try await outbound.close(.goingAway, reason: reason)
                            return
                        }
                    }
                }
                for try await message in inbound.messages(maxSize: Self.maxMessageBytes) {
                    guard case .text(let text) = message else {
                        let reply = Reply(
                            reqID: nil, errcode: CloudErrorCode.invalidParameter,
                            errmsg: "binary frames (upload_log) are not supported by the simulator")
                        outbox.yield(.text(reply.frame().jsonText()))
                        continue
                    }
                    let (response, delayMs) = await handleFrame(text, connection: id)
                    if delayMs > 0 { try await clock.sleep(for: .milliseconds(delayMs)) }
                    if let response { outbox.yield(response) }
                }
                // A silent peer never answers the device's close: the connection is held until the simulator stops.
                while await isSilent(id) { try await Task.sleep(for: .milliseconds(50)) }
                outbox.finish()
                try await group.waitForAll()
            }
        } catch {
            logger.debug(
                "device connection ended with an error", metadata: ["connection": "\(id)", "error": "\(error)"])
        }
        await closeConnection(id)
    }
}

/// A continuation resumed by whichever answer comes first.
private final class PendingAnswer: Sendable {
    private let continuation = Mutex<CheckedContinuation<Bool, Never>?>(nil)

    func set(_ waiting: CheckedContinuation<Bool, Never>) {
        continuation.withLock { $0 = waiting }
    }

    func answer(_ value: Bool) {
        continuation.withLock { $0.take() }?.resume(returning: value)
    }
}
