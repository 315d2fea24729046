import Foundation
import JSONSupport
import Logging

/// The request/reply core: gives every request a fresh `req_id`, sends it on the current connection and
/// settles it with the reply carrying that `req_id` (a text response or, for a photo download, a binary
/// frame), with a timeout on the injected clock, or with the loss of the connection.
actor RequestExchange {
    private let isolation: ClientIsolation
    private let reqIDs: ReqIDGenerator
    private let clock: any Clock<Duration>
    private let timeout: Duration
    private let logger: Logger
    private var connection: (any WebSocketConnection)?
    private var pending: [String: PendingRequest] = [:]

    init(
        isolation: ClientIsolation, reqIDs: ReqIDGenerator, clock: any Clock<Duration>, timeout: Duration,
        logger: Logger
    ) {
        self.isolation = isolation
        self.reqIDs = reqIDs
        self.clock = clock
        self.timeout = timeout
        self.logger = logger
    }

    /// Runs on the client's executor (see `ClientIsolation`).
    nonisolated var unownedExecutor: UnownedSerialExecutor { isolation.unownedExecutor }

    // MARK: Connection

    /// Requests go out on `connection` from now on.
    func send(on connection: any WebSocketConnection) {
        self.connection = connection
    }

    /// New requests fail with `.notConnected`; requests already sent keep waiting until `failWaiting()`.
    func stopSending() {
        connection = nil
    }

    /// Fails every request still waiting with `.connectionLost`.
    func failWaiting() {
        for reqID in pending.keys {
            complete(reqID, .failure(WeComError.connectionLost(cmd: pending[reqID]?.cmd ?? "")))
        }
    }

    // MARK: Requests

    /// Sends a frame and waits for the response with its `req_id`, up to the request timeout (which bounds the
    /// send as well).
    func exchange(cmd: String, body: JSONObject?) async throws -> ResponseEnvelope {
        switch try await exchangeReply(cmd: cmd, body: body, expectsBinary: false) {
        case .response(let response): return response
        case .binary: throw WeComError.invalidRequest(cmd: cmd, reason: "a binary frame answered a JSON request")
        }
    }

    /// Sends a frame and waits for the text response (or, when `expectsBinary`, the binary frame or an
    /// error response) with its `req_id`, up to the request timeout.
    func exchangeReply(cmd: String, body: JSONObject?, expectsBinary: Bool) async throws -> ExchangeReply {
        guard let connection else { throw WeComError.notConnected }
        let reqID = reqIDs.next()
        let deadline = Deadline(clock: clock, after: timeout)
        pending[reqID] = PendingRequest(cmd: cmd, expectsBinary: expectsBinary)
        pending[reqID]?.timer = Task {
            do { try await deadline.wait() } catch { return }
            self.complete(reqID, .failure(WeComError.timeout(cmd: cmd, reqID: reqID)))
        }
        let frame = RequestEnvelope(cmd: cmd, reqID: reqID, body: body).encoded()
        // The send runs beside the wait, so a send that never completes is bounded by the request timeout too.
        Task {
            do {
                try await connection.send(frame)
            } catch {
                self.complete(reqID, .failure(WeComError.connectionLost(cmd: cmd)))
            }
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                attach(continuation, to: reqID)
            }
        } onCancel: {
            Task { await self.complete(reqID, .failure(CancellationError())) }
        }
    }

    // MARK: Replies

    /// Settles the request a text response answers; a response to no waiting request is logged and dropped.
    func deliver(_ response: ResponseEnvelope) {
        guard let entry = pending[response.reqID] else {
            logger.warning("response for unknown req_id \(response.reqID)")
            return
        }
        if entry.expectsBinary && response.isSuccess {
            // Only the binary frame carries the photo; a success text frame is not the answer.
            logger.notice("\(entry.cmd) req_id \(response.reqID): JSON success ignored, waiting for the binary frame")
            return
        }
        complete(response.reqID, .success(.response(response)))
    }

    /// Settles `reqID` with the outcome of its binary frame, if that request waits for one.
    /// Returns false, settling nothing, when no request with this `req_id` waits for a binary frame.
    func deliverBinary(_ outcome: Result<Data, any Error>, to reqID: String) -> Bool {
        guard pending[reqID]?.expectsBinary == true else { return false }
        complete(reqID, outcome.map { .binary($0) })
        return true
    }

    private func attach(_ continuation: CheckedContinuation<ExchangeReply, any Error>, to reqID: String) {
        guard var entry = pending[reqID] else {
            continuation.resume(throwing: WeComError.connectionLost(cmd: ""))
            return
        }
        if let outcome = entry.outcome {
            pending[reqID] = nil
            continuation.resume(with: outcome)
        } else {
            entry.continuation = continuation
            pending[reqID] = entry
        }
    }

    /// Settles a request once; an outcome arriving before the caller waits is kept for it.
    private func complete(_ reqID: String, _ outcome: Result<ExchangeReply, any Error>) {
        guard var entry = pending[reqID], entry.outcome == nil else { return }
        entry.timer?.cancel()
        if let continuation = entry.continuation {
            pending[reqID] = nil
            continuation.resume(with: outcome)
        } else {
            entry.outcome = outcome
            pending[reqID] = entry
        }
    }
}

/// What settles a request: its text response, or the binary frame it asked for.
enum ExchangeReply: Sendable {
    case response(ResponseEnvelope)
    case binary(Data)
}

/// One request waiting for its response.
struct PendingRequest {
    let cmd: String
    /// `download_photo`: answered by a binary frame, or by an error response.
    let expectsBinary: Bool
    var continuation: CheckedContinuation<ExchangeReply, any Error>?
    var outcome: Result<ExchangeReply, any Error>?
    var timer: Task<Void, Never>?

    init(cmd: String, expectsBinary: Bool = false) {
        self.cmd = cmd
        self.expectsBinary = expectsBinary
    }
}
