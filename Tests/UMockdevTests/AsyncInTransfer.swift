import CLibUSB
import Glibc

/// What the transfer callback saw.
private struct TransferOutcome {
    var completed: Int32 = 0
    var status = LIBUSB_TRANSFER_ERROR
    var length: Int32 = 0
}

/// An asynchronous libusb IN transfer (bulk or interrupt), driven by the test's own event loop.
final class AsyncInTransfer {
    private let context: OpaquePointer
    private let transfer: UnsafeMutablePointer<libusb_transfer>
    private let buffer: UnsafeMutablePointer<UInt8>
    private let outcome: UnsafeMutablePointer<TransferOutcome>

    /// Submits a read of `length` bytes on `endpoint`; throws with libusb's code when submission fails.
    init(
        context: OpaquePointer, handle: OpaquePointer, endpoint: UInt8, length: Int,
        interrupt: Bool = false, timeoutMilliseconds: UInt32 = 0
    ) throws {
        self.context = context
        transfer = libusb_alloc_transfer(0)
        buffer = .allocate(capacity: length)
        outcome = .allocate(capacity: 1)
        outcome.initialize(to: TransferOutcome())
        let callback: libusb_transfer_cb_fn = { transfer in
            guard let transfer else { return }
            let outcome = transfer.pointee.user_data.assumingMemoryBound(to: TransferOutcome.self)
            outcome.pointee.status = transfer.pointee.status
            outcome.pointee.length = transfer.pointee.actual_length
            outcome.pointee.completed = 1
        }
        transfer.pointee.dev_handle = handle
        transfer.pointee.endpoint = endpoint
        transfer.pointee.type = UInt8(
            interrupt ? LIBUSB_TRANSFER_TYPE_INTERRUPT.rawValue : LIBUSB_TRANSFER_TYPE_BULK.rawValue)
        transfer.pointee.timeout = timeoutMilliseconds
        transfer.pointee.buffer = buffer
        transfer.pointee.length = Int32(length)
        transfer.pointee.callback = callback
        transfer.pointee.user_data = UnsafeMutableRawPointer(outcome)
        let status = libusb_submit_transfer(transfer)
        guard status == 0 else {
            outcome.pointee.completed = 1  // never submitted: deinit just frees it
            throw LibUSBCallError(call: "libusb_submit_transfer", code: status)
        }
    }

    /// Runs libusb's event loop for up to `milliseconds`, returning early when the transfer completed.
    @discardableResult
    func pump(milliseconds: Int) -> Bool {
        var remaining = milliseconds
        while outcome.pointee.completed == 0 && remaining > 0 {
            var tv = timeval(tv_sec: 0, tv_usec: 20_000)
            libusb_handle_events_timeout_completed(context, &tv, &outcome.pointee.completed)
            remaining -= 20
        }
        return outcome.pointee.completed != 0
    }

    var isCompleted: Bool { outcome.pointee.completed != 0 }
    var status: libusb_transfer_status { outcome.pointee.status }
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: buffer, count: Int(outcome.pointee.length))) }

    func cancel() -> Int32 { libusb_cancel_transfer(transfer) }

    private func free() {
        libusb_free_transfer(transfer)
        buffer.deallocate()
        outcome.deallocate()
    }

    deinit {
        // libusb must not own the transfer any more when it is freed.
        if !isCompleted {
            _ = cancel()
            pump(milliseconds: 1000)
        }
        free()
    }
}
