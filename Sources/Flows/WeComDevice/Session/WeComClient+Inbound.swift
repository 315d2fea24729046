import Foundation

/// Routes each inbound frame to the part that handles it: responses to the request core, binary frames
/// to photo downloads, pushes to the session and the fan-out, connection errors to the session.
extension WeComClient {
    /// Reads one connection until it closes or the session must restart.
    func readLoop(_ connection: any WebSocketConnection) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.readBinaryFrames(connection) }
            await readTextFrames(connection)
            group.cancelAll()
        }
    }

    private func readBinaryFrames(_ connection: any WebSocketConnection) async {
        for await frame in connection.binaryInbound {
            await photos.receive(frame)
        }
    }

    private func readTextFrames(_ connection: any WebSocketConnection) async {
        do {
            for try await text in connection.inbound {
                guard await handleInbound(text) else { return }
            }
            if !Task.isCancelled { logger.notice("socket closed by the cloud") }
        } catch {
            logger.notice("socket lost: \(error)")
        }
    }

    /// Handles one frame; false when the session must restart.
    private func handleInbound(_ text: String) async -> Bool {
        let frame: InboundFrame
        do {
            frame = try InboundFrame.decode(text)
        } catch {
            logger.warning("dropping malformed frame: \(error)")
            return true
        }
        switch frame {
        case .response(let response):
            await exchange.deliver(response)
            return true
        case .push(let envelope):
            await handlePush(DevicePush(envelope), cmd: envelope.cmd)
            return true
        case .connectionError(let error):
            logger.warning("connection-level error \(error.errcode) \(error.errmsg)")
            await session.connectionRefused(errcode: error.errcode)
            return false
        }
    }

    /// The session reacts to bind and unbind first; then the push is published.
    private func handlePush(_ push: DevicePush, cmd: String) async {
        switch push {
        case .bindCorp: await session.enterpriseBound()
        case .unbindCorp: await session.enterpriseUnbound()
        default: break
        }
        pushFanOut.publish(push, cmd: cmd)
    }
}
