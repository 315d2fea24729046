import Synchronization
import USBHost

/// A scripted `USBTransferring`: IN results are queued by the test; a read with nothing queued stays
/// pending (like a parked bulk IN transfer) until a result is pushed or its task is cancelled.
final class FakeTransport: USBTransferring {
    private struct State {
        var script: [Result<[UInt8], USBError>] = []
        var parked: CheckedContinuation<Result<[UInt8], USBError>, Never>?
        var writes: [(endpoint: UInt8, bytes: [UInt8])] = []
        var controls: [USBControlRequest] = []
        var failControl: (atIndex: Int, error: USBError)?
        var writeError: USBError?
        var readsStarted = 0
        var cancelledReads = 0
        var closeCount = 0
    }

    let endpoints: USBEndpoints
    private let state = Mutex(State())

    init(
        endpoints: USBEndpoints = USBEndpoints(
            bulkIn: USBEndpoint(address: 0x81, maxPacketSize: 64),
            bulkOut: USBEndpoint(address: 0x02, maxPacketSize: 64))
    ) {
        self.endpoints = endpoints
    }

    var writes: [(endpoint: UInt8, bytes: [UInt8])] { state.withLock { $0.writes } }
    var controls: [USBControlRequest] { state.withLock { $0.controls } }
    var readsStarted: Int { state.withLock { $0.readsStarted } }
    var cancelledReads: Int { state.withLock { $0.cancelledReads } }
    var closeCount: Int { state.withLock { $0.closeCount } }
    var hasParkedRead: Bool { state.withLock { $0.parked != nil } }

    func failControl(atIndex index: Int, with error: USBError) {
        state.withLock { $0.failControl = (index, error) }
    }

    func failWrites(with error: USBError) {
        state.withLock { $0.writeError = error }
    }

    /// Completes the pending read with `result`, or queues it for the next read.
    func push(_ result: Result<[UInt8], USBError>) {
        let parked = state.withLock { state in
            if let parked = state.parked {
                state.parked = nil
                return Optional(parked)
            }
            state.script.append(result)
            return nil
        }
        parked?.resume(returning: result)
    }

    func bulkWrite(_ bytes: [UInt8], endpoint: UInt8, timeout: Duration) async throws(USBError) {
        let error = state.withLock { state in
            state.writes.append((endpoint, bytes))
            return state.writeError
        }
        if let error { throw error }
    }

    func bulkRead(maxLength: Int, endpoint: UInt8, timeout: Duration) async throws(USBError) -> [UInt8] {
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<[UInt8], USBError>, Never>) in
                let immediate: Result<[UInt8], USBError>? = state.withLock { state in
                    state.readsStarted += 1
                    if !state.script.isEmpty { return state.script.removeFirst() }
                    if Task.isCancelled {
                        state.cancelledReads += 1
                        return .failure(.cancelled)
                    }
                    state.parked = continuation
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let parked = state.withLock { state in
                defer { state.parked = nil }
                if state.parked != nil { state.cancelledReads += 1 }
                return state.parked
            }
            parked?.resume(returning: .failure(.cancelled))
        }
        return try result.get()
    }

    func interruptRead(maxLength: Int, endpoint: UInt8, timeout: Duration) async throws(USBError) -> [UInt8] {
        try await bulkRead(maxLength: maxLength, endpoint: endpoint, timeout: timeout)
    }

    func control(_ request: USBControlRequest, timeout: Duration) async throws(USBError) -> [UInt8] {
        let error: USBError? = state.withLock { state in
            defer { state.controls.append(request) }
            guard let failure = state.failControl, failure.atIndex == state.controls.count else { return nil }
            return failure.error
        }
        if let error { throw error }
        return []
    }

    func clearHalt(endpoint: UInt8) async throws(USBError) {}

    func close() async {
        state.withLock { $0.closeCount += 1 }
    }
}

/// Polls `condition` until it holds or about two seconds passed.
func eventually(_ condition: () -> Bool) async -> Bool {
    for _ in 0..<400 {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}
