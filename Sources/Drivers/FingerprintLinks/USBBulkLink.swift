import FingerprintModule
import USBHost

/// A `ByteLink` to a native USB module: packets go out as bulk OUT transfers and come back on bulk IN.
public final class USBBulkLink: ByteLink {
    private let pipe: USBPipe

    /// Starts reading from `transport`'s bulk IN endpoint. `readSize` is the IN transfer length,
    /// `pollTimeout` how long one IN transfer stays pending before it is re-submitted; `clock` times reads.
    public init(
        transport: any USBTransferring, clock: any Clock<Duration> = ContinuousClock(), readSize: Int = 512,
        pollTimeout: Duration = .milliseconds(200), writeTimeout: Duration = .seconds(2)
    ) throws(USBError) {
        pipe = try USBPipe(
            transport: transport,
            settings: .init(readSize: readSize, pollTimeout: pollTimeout, writeTimeout: { _ in writeTimeout }),
            clock: clock, payload: { transfer, _ in transfer })
    }

    /// Sends `bytes` as one bulk OUT transfer.
    public func write(_ bytes: [UInt8]) async throws {
        try await pipe.write(bytes)
    }

    /// Bytes received so far (at least one), waiting up to `timeout`.
    public func read(timeout: Duration) async throws -> [UInt8] {
        try await pipe.read(timeout: timeout)
    }

    /// Cancels the pending read and closes the USB handle.
    public func close() async {
        await pipe.close()
    }
}
