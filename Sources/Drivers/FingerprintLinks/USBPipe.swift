import FingerprintModule
import Synchronization
import USBHost

/// The shared core of the USB links: bulk OUT writes, and a reader task that keeps one bulk IN transfer
/// pending (short timeout, re-submitted) and feeds what arrives into a `ByteInbox`.
final class USBPipe: Sendable {
    struct Settings: Sendable {
        var readSize: Int
        var pollTimeout: Duration
        var writeTimeout: @Sendable (Int) -> Duration
    }

    private let transport: any USBTransferring
    private let inEndpoint: USBEndpoint
    private let outEndpoint: USBEndpoint
    private let settings: Settings
    private let inbox: ByteInbox
    private let closed = Atomic<Bool>(false)
    private let reader = Mutex<Task<Void, Never>?>(nil)

    /// Fails with `.unsupportedDevice` when the transport has no bulk IN or OUT endpoint.
    init(
        transport: any USBTransferring, settings: Settings, clock: any Clock<Duration>,
        payload: @escaping @Sendable (_ transfer: [UInt8], _ maxPacketSize: Int) -> [UInt8]
    ) throws(USBError) {
        guard let inEndpoint = transport.endpoints.bulkIn, let outEndpoint = transport.endpoints.bulkOut else {
            throw .unsupportedDevice("the interface has no bulk IN and bulk OUT endpoint pair")
        }
        self.transport = transport
        self.inEndpoint = inEndpoint
        self.outEndpoint = outEndpoint
        self.settings = settings
        self.inbox = ByteInbox(clock: clock)
        let task = Task { [transport, inbox, settings, inEndpoint] in
            await Self.pump(
                transport: transport, inbox: inbox, endpoint: inEndpoint, settings: settings, payload: payload)
        }
        reader.withLock { $0 = task }
    }

    private static func pump(
        transport: any USBTransferring, inbox: ByteInbox, endpoint: USBEndpoint, settings: Settings,
        payload: @Sendable ([UInt8], Int) -> [UInt8]
    ) async {
        while !Task.isCancelled {
            do {
                let transfer = try await transport.bulkRead(
                    maxLength: settings.readSize, endpoint: endpoint.address, timeout: settings.pollTimeout)
                inbox.append(payload(transfer, endpoint.maxPacketSize))
            } catch .timeout {
                continue
            } catch .cancelled {
                break
            } catch .noDevice {
                inbox.close(.io("USB device unplugged"))
                break
            } catch {
                inbox.close(.io("bulk IN endpoint \(endpoint.address): \(error)"))
                break
            }
        }
    }

    func write(_ bytes: [UInt8]) async throws(ByteLinkError) {
        guard !closed.load(ordering: .acquiring) else { throw .closed }
        guard !bytes.isEmpty else { return }
        do {
            try await transport.bulkWrite(
                bytes, endpoint: outEndpoint.address, timeout: settings.writeTimeout(bytes.count))
        } catch .cancelled {
            throw .cancelled
        } catch .closed {
            throw .closed
        } catch .noDevice {
            throw .io("USB device unplugged")
        } catch {
            throw .io("bulk OUT endpoint \(outEndpoint.address): \(error)")
        }
    }

    func read(timeout: Duration) async throws(ByteLinkError) -> [UInt8] {
        try await inbox.read(timeout: timeout)
    }

    /// Cancels the pending read, waits for the reader to end, fails later reads, closes the transport.
    func close() async {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let task = reader.withLock { $0 }
        task?.cancel()
        await task?.value
        inbox.close(.closed)
        await transport.close()
    }
}
