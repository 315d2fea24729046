import Dispatch
import FingerprintModule
import Glibc
import Synchronization

/// What the file-descriptor links (`TTYLink`, `UnixSocketLink`) share: the descriptor's open/closing state,
/// the serial write queue (which also orders the final close after writes already queued) and the inbox that
/// the link's reader thread fills.
final class DescriptorLinkCore: Sendable {
    private struct Descriptor {
        var isOpen = true
        var closeRequested = false
    }

    let fd: Int32
    let inbox: ByteInbox
    private let writeQueue: DispatchQueue
    private let descriptor = Mutex(Descriptor())
    private let closeExtras: @Sendable () -> Void

    /// `closeExtras` runs once, right after the descriptor is closed (e.g. to close a wake pipe).
    init(fd: Int32, clock: any Clock<Duration>, label: String, closeExtras: @escaping @Sendable () -> Void = {}) {
        self.fd = fd
        self.inbox = ByteInbox(clock: clock)
        self.writeQueue = DispatchQueue(label: label)
        self.closeExtras = closeExtras
    }

    /// Runs `writeAll` on the write queue; fails with `.closed` once `requestClose` was called.
    func write(_ writeAll: @escaping @Sendable () throws(ByteLinkError) -> Void) async throws {
        let result: Result<Void, ByteLinkError> = await withCheckedContinuation { continuation in
            writeQueue.async { [self] in
                let open = descriptor.withLock { $0.isOpen && !$0.closeRequested }
                guard open else { return continuation.resume(returning: .failure(.closed)) }
                continuation.resume(returning: Result { () throws(ByteLinkError) in try writeAll() })
            }
        }
        try result.get()
    }

    /// Marks the link as closing, once, running `interrupt` (what ends the reader thread) under the lock so it
    /// cannot race the descriptor's close; pending and later reads fail with `.closed`.
    func requestClose(interrupt: () -> Void) {
        descriptor.withLock { state in
            guard state.isOpen, !state.closeRequested else { return }
            state.closeRequested = true
            interrupt()
        }
        inbox.close(.closed)
    }

    /// Called by the reader thread when it ends: closes the descriptor after the writes already queued.
    func readerEnded() {
        writeQueue.async { self.closeDescriptor() }
    }

    /// Closes the descriptor (and the extras) once.
    func closeDescriptor() {
        descriptor.withLock { state in
            guard state.isOpen else { return }
            state.isOpen = false
            Glibc.close(fd)
            closeExtras()
        }
    }
}
