import CLibUSB
import Synchronization

/// An open device with its interface claimed; transfers run on libusb's asynchronous API.
///
/// `close()` cancels pending transfers, waits for their callbacks, then releases the interface,
/// re-attaches a detached kernel driver and closes the device; `deinit` does the release if `close()`
/// was never called. Stall policy: reads (`bulkRead`, `interruptRead`) are idempotent, so on a stall they
/// clear the halt and retry once; writes and control requests throw `.stall` and leave recovery to the caller.
public final class USBDeviceHandle: USBTransferring {
    private enum Phase {
        case open
        case closing
        case closed
    }

    private struct State {
        var phase = Phase.open
        var inFlight: [ObjectIdentifier: USBTransfer] = [:]
        var drained: [CheckedContinuation<Void, Never>] = []
        var released = false
    }

    /// The context this handle belongs to (kept alive by the handle).
    public let context: USBContext
    /// The device this handle opened.
    public let info: USBDeviceInfo
    /// The claimed interface number.
    public let interfaceNumber: UInt8
    /// The claimed interface's endpoints.
    public let endpoints: USBEndpoints
    private let claimed: USBClaimedDevice
    private let state = Mutex(State())

    init(context: USBContext, info: USBDeviceInfo, claimed: USBClaimedDevice) {
        self.context = context
        self.info = info
        self.claimed = claimed
        self.interfaceNumber = claimed.interface
        self.endpoints = claimed.endpoints
    }

    /// Sends `bytes` as one bulk OUT transfer.
    public func bulkWrite(_ bytes: [UInt8], endpoint: UInt8, timeout: Duration) async throws(USBError) {
        let transfer = try USBTransfer.make(
            handle: claimed.pointer, type: LIBUSB_TRANSFER_TYPE_BULK, endpoint: endpoint & 0x7F, outBytes: bytes,
            inLength: 0, timeout: timeout, eventThread: context.eventThread)
        _ = try await perform(transfer)
    }

    /// Reads up to `maxLength` bytes with one bulk IN transfer; on a stall clears the halt and retries once.
    public func bulkRead(maxLength: Int, endpoint: UInt8, timeout: Duration) async throws(USBError) -> [UInt8] {
        try await readRetryingStallOnce(
            type: LIBUSB_TRANSFER_TYPE_BULK, maxLength: maxLength, endpoint: endpoint, timeout: timeout)
    }

    /// Reads up to `maxLength` bytes with one interrupt IN transfer; on a stall clears the halt and retries once.
    public func interruptRead(maxLength: Int, endpoint: UInt8, timeout: Duration) async throws(USBError) -> [UInt8] {
        try await readRetryingStallOnce(
            type: LIBUSB_TRANSFER_TYPE_INTERRUPT, maxLength: maxLength, endpoint: endpoint, timeout: timeout)
    }

    /// Performs a control transfer; returns the IN data stage (empty for OUT requests).
    public func control(_ request: USBControlRequest, timeout: Duration) async throws(USBError) -> [UInt8] {
        let transfer = try USBTransfer.makeControl(
            handle: claimed.pointer, request: request, timeout: timeout, eventThread: context.eventThread)
        return try await perform(transfer)
    }

    /// Clears a halt (stall) on `endpoint` (libusb_clear_halt, run off the cooperative pool).
    public func clearHalt(endpoint: UInt8) async throws(USBError) {
        guard state.withLock({ $0.phase == .open }) else { throw .closed }
        let claimed = self.claimed
        try await context.runBlocking { () throws(USBError) in
            try USBError.check(libusb_clear_halt(claimed.pointer, endpoint))
        }
    }

    private func readRetryingStallOnce(
        type: libusb_transfer_type, maxLength: Int, endpoint: UInt8, timeout: Duration
    ) async throws(USBError) -> [UInt8] {
        do {
            return try await read(type: type, maxLength: maxLength, endpoint: endpoint, timeout: timeout)
        } catch .stall {
            context.logger.debug("stall on endpoint \(endpoint) of \(info); clearing halt and retrying once")
            try await clearHalt(endpoint: endpoint | 0x80)
            return try await read(type: type, maxLength: maxLength, endpoint: endpoint, timeout: timeout)
        }
    }

    private func read(
        type: libusb_transfer_type, maxLength: Int, endpoint: UInt8, timeout: Duration
    ) async throws(USBError) -> [UInt8] {
        let transfer = try USBTransfer.make(
            handle: claimed.pointer, type: type, endpoint: endpoint | 0x80, outBytes: [], inLength: maxLength,
            timeout: timeout, eventThread: context.eventThread)
        return try await perform(transfer, keepingDataOnTimeout: true)
    }

    private func perform(_ transfer: USBTransfer, keepingDataOnTimeout: Bool = false) async throws(USBError) -> [UInt8]
    {
        let id = ObjectIdentifier(transfer)
        let registered = state.withLock { state in
            guard state.phase == .open else { return false }
            state.inFlight[id] = transfer
            return true
        }
        guard registered else { throw .closed }
        let outcome = await transfer.run()
        let drained: [CheckedContinuation<Void, Never>] = state.withLock { state in
            state.inFlight[id] = nil
            guard state.inFlight.isEmpty else { return [] }
            defer { state.drained = [] }
            return state.drained
        }
        for waiter in drained { waiter.resume() }
        switch outcome.error {
        case nil: return outcome.bytes
        case .timeout? where keepingDataOnTimeout && !outcome.bytes.isEmpty: return outcome.bytes
        case let error?: throw error
        }
    }

    /// Cancels pending transfers, waits for their callbacks, releases the interface and closes the device.
    public func close() async {
        let pending: [USBTransfer]? = state.withLock { state in
            guard state.phase == .open else { return nil }
            state.phase = .closing
            return Array(state.inFlight.values)
        }
        guard let pending else { return }
        for transfer in pending { transfer.cancel() }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state in
                if state.inFlight.isEmpty { return true }
                state.drained.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
        await context.runBlocking { [self] in releaseOnce() }
        state.withLock { $0.phase = .closed }
        context.forget(self)
    }

    private func releaseOnce() {
        let first = state.withLock { state in
            defer { state.released = true }
            return !state.released
        }
        if first { claimed.release() }
    }

    deinit {
        // A transfer runs inside a method call on this handle, which keeps it alive, so none is in flight here.
        releaseOnce()
    }
}
