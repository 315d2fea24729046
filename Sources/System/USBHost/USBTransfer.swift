import CLibUSB
import Synchronization

/// One libusb asynchronous transfer, bridged to a continuation.
///
/// Memory: the `libusb_transfer` and its buffer are freed in `deinit`. While submitted, libusb's callback
/// holds a retained reference (taken in `submit`, released in the callback), and a cancelling task holds
/// another, so nothing is freed before the callback ran or while `libusb_cancel_transfer` may touch it.
/// Sendable (unchecked): the pointers are only written before submission or after completion, and the
/// phase/continuation are guarded by `state`.
final class USBTransfer: @unchecked Sendable {
    struct Outcome: Sendable {
        var error: USBError?
        var bytes: [UInt8]
    }

    private enum Phase {
        case ready
        case submitted
        case cancelRequested
        case completed
    }

    private struct State {
        var phase = Phase.ready
        var continuation: CheckedContinuation<Outcome, Never>?
    }

    private let transfer: UnsafeMutablePointer<libusb_transfer>
    private let buffer: UnsafeMutablePointer<UInt8>
    /// Where the data stage starts in `buffer` (8 for control transfers, after the setup packet).
    private let dataOffset: Int
    private let isIn: Bool
    private let eventThread: USBEventThread
    private let state = Mutex(State())

    private init(
        transfer: UnsafeMutablePointer<libusb_transfer>, buffer: UnsafeMutablePointer<UInt8>, dataOffset: Int,
        isIn: Bool, eventThread: USBEventThread
    ) {
        self.transfer = transfer
        self.buffer = buffer
        self.dataOffset = dataOffset
        self.isIn = isIn
        self.eventThread = eventThread
    }

    /// A bulk or interrupt transfer: `outBytes` for OUT endpoints, `inLength` bytes for IN endpoints.
    static func make(
        handle: OpaquePointer, type: libusb_transfer_type, endpoint: UInt8, outBytes: [UInt8], inLength: Int,
        timeout: Duration, eventThread: USBEventThread
    ) throws(USBError) -> USBTransfer {
        let isIn = endpoint & 0x80 != 0
        let length = isIn ? inLength : outBytes.count
        guard length >= 0, length <= Int(Int32.max) else { throw .invalidParameter }
        return try allocate(
            handle: handle, type: type, endpoint: endpoint, contents: isIn ? [] : outBytes, length: length,
            dataOffset: 0, isIn: isIn, timeout: timeout, eventThread: eventThread)
    }

    /// A control transfer on endpoint 0.
    static func makeControl(
        handle: OpaquePointer, request: USBControlRequest, timeout: Duration, eventThread: USBEventThread
    ) throws(USBError) -> USBTransfer {
        guard (0...Int(UInt16.max)).contains(request.length) else { throw .invalidParameter }
        let contents = request.setupPacket + (request.isDeviceToHost ? [] : request.data)
        return try allocate(
            handle: handle, type: LIBUSB_TRANSFER_TYPE_CONTROL, endpoint: 0, contents: contents,
            length: 8 + request.length, dataOffset: 8, isIn: request.isDeviceToHost, timeout: timeout,
            eventThread: eventThread)
    }

    private static func allocate(
        handle: OpaquePointer, type: libusb_transfer_type, endpoint: UInt8, contents: [UInt8], length: Int,
        dataOffset: Int, isIn: Bool, timeout: Duration, eventThread: USBEventThread
    ) throws(USBError) -> USBTransfer {
        guard let transfer = libusb_alloc_transfer(0) else { throw .noMemory }
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(length, 1))
        buffer.initialize(repeating: 0, count: max(length, 1))
        contents.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { buffer.update(from: base, count: source.count) }
        }
        transfer.pointee.dev_handle = handle
        transfer.pointee.flags = 0
        transfer.pointee.endpoint = endpoint
        transfer.pointee.type = UInt8(type.rawValue)
        transfer.pointee.timeout = milliseconds(timeout)
        transfer.pointee.buffer = buffer
        transfer.pointee.length = Int32(length)
        transfer.pointee.num_iso_packets = 0
        transfer.pointee.callback = { pointer in
            guard let pointer, let userData = pointer.pointee.user_data else { return }
            Unmanaged<USBTransfer>.fromOpaque(userData).takeRetainedValue().finish()
        }
        let box = USBTransfer(
            transfer: transfer, buffer: buffer, dataOffset: dataOffset, isIn: isIn, eventThread: eventThread)
        transfer.pointee.user_data = Unmanaged.passUnretained(box).toOpaque()
        return box
    }

    /// libusb timeouts are whole milliseconds and 0 means "forever": round up, at least 1 ms.
    static func milliseconds(_ timeout: Duration) -> UInt32 {
        let (seconds, attoseconds) = timeout.components
        guard seconds >= 0, attoseconds >= 0 else { return 1 }
        let millis = seconds.multipliedReportingOverflow(by: 1000)
        // attoseconds < 10^18, so the rounded-up fraction is at most 1,000 ms.
        let total = millis.partialValue.addingReportingOverflow(
            (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
        guard !millis.overflow, !total.overflow else { return UInt32.max }
        return UInt32(clamping: max(total.partialValue, 1))
    }

    /// The bytes to take from a buffer of `capacity` when the backend reports `reported`, and whether that
    /// report was possible. libusb never reports more than was requested; a larger or negative count must not
    /// read past the buffer, so it is clamped and the transfer fails with `.overflow`.
    static func receivedCount(reported: Int32, capacity: Int) -> (count: Int, valid: Bool) {
        let reported = Int(reported)
        return (min(max(0, reported), capacity), (0...capacity).contains(reported))
    }

    /// Submits the transfer and waits for its callback; Task cancellation cancels it in libusb.
    func run() async -> Outcome {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in submit(continuation) }
        } onCancel: {
            self.cancel()
        }
    }

    private func submit(_ continuation: CheckedContinuation<Outcome, Never>) {
        let failure: USBError? = state.withLock { state in
            guard state.phase == .ready else {
                state.phase = .completed
                return .cancelled
            }
            state.continuation = continuation
            let retained = Unmanaged.passRetained(self)
            let status = libusb_submit_transfer(transfer)
            guard status == 0 else {
                retained.release()
                state.phase = .completed
                state.continuation = nil
                return USBError(libusbCode: status)
            }
            state.phase = .submitted
            return nil
        }
        if let failure { continuation.resume(returning: Outcome(error: failure, bytes: [])) }
    }

    /// Cancels the transfer: before submission it will not be submitted; in flight, libusb is asked to
    /// cancel it and the callback later reports LIBUSB_TRANSFER_CANCELLED.
    func cancel() {
        let inFlight: Bool = state.withLock { state in
            switch state.phase {
            case .ready:
                state.phase = .cancelRequested
                return false
            case .submitted: return true
            case .cancelRequested, .completed: return false
            }
        }
        // Outside our lock: the callback takes it. A transfer that completed meanwhile gets NOT_FOUND,
        // and its memory stays valid because this object is alive.
        if inFlight { libusb_cancel_transfer(transfer) }
    }

    /// Runs on the event thread from libusb's callback.
    private func finish() {
        eventThread.noteActivity()
        let status = transfer.pointee.status
        let capacity = max(0, Int(transfer.pointee.length) - dataOffset)
        let (actual, valid) = Self.receivedCount(reported: transfer.pointee.actual_length, capacity: capacity)
        var error = USBError(transferStatus: status)
        if error == nil, !valid { error = .overflow }
        let bytes = isIn ? Array(UnsafeBufferPointer(start: buffer + dataOffset, count: actual)) : []
        if error == nil, !isIn, actual < capacity { error = .io }
        let continuation: CheckedContinuation<Outcome, Never>? = state.withLock { state in
            state.phase = .completed
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: Outcome(error: error, bytes: bytes))
    }

    deinit {
        libusb_free_transfer(transfer)
        buffer.deallocate()
    }
}
