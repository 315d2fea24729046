import FingerprintModule
import USBHost

/// A `ByteLink` to a module behind a USB-UART bridge: the bridge's line coding is set with its vendor
/// control requests, then UART bytes travel over its bulk endpoints.
public final class USBSerialBridgeLink: ByteLink {
    /// The bridge chip.
    public let bridge: any SerialBridge
    /// The configured baud rate.
    public let baud: Int
    private let pipe: USBPipe

    private init(bridge: any SerialBridge, baud: Int, pipe: USBPipe) {
        self.bridge = bridge
        self.baud = baud
        self.pipe = pipe
    }

    /// Sends `bridge`'s line-coding requests for `baud` 8N1, then starts reading. On failure the transport
    /// is closed. Write timeouts allow twice the bytes' time on the wire plus one second.
    public static func open(
        transport: any USBTransferring, bridge: any SerialBridge, baud: Int = 57_600,
        clock: any Clock<Duration> = ContinuousClock(), readSize: Int = 512,
        pollTimeout: Duration = .milliseconds(200), controlTimeout: Duration = .seconds(1)
    ) async throws(FingerprintUSBError) -> USBSerialBridgeLink {
        do {
            let requests: [USBControlRequest]
            do {
                requests = try bridge.lineCodingRequests(baud: baud)
            } catch {
                throw FingerprintUSBError.bridge(error)
            }
            for request in requests {
                do {
                    _ = try await transport.control(request, timeout: controlTimeout)
                } catch {
                    throw FingerprintUSBError.usb(error, while: "setting \(bridge.kind) line coding with \(request)")
                }
            }
            let settings = USBPipe.Settings(
                readSize: readSize, pollTimeout: pollTimeout,
                writeTimeout: { count in .seconds(1) + .microseconds(2 * 10 * count * 1_000_000 / baud) })
            let pipe: USBPipe
            do {
                pipe = try USBPipe(
                    transport: transport, settings: settings, clock: clock,
                    payload: { transfer, packetSize in bridge.payload(ofTransfer: transfer, maxPacketSize: packetSize) }
                )
            } catch {
                throw FingerprintUSBError.usb(error, while: "finding the \(bridge.kind) bulk endpoints")
            }
            return USBSerialBridgeLink(bridge: bridge, baud: baud, pipe: pipe)
        } catch let error as FingerprintUSBError {
            await transport.close()
            throw error
        } catch {
            await transport.close()
            throw FingerprintUSBError.usb(.io, while: "opening the \(bridge.kind) link: \(error)")
        }
    }

    /// Sends `bytes` over the bridge's bulk OUT endpoint.
    public func write(_ bytes: [UInt8]) async throws {
        try await pipe.write(bytes)
    }

    /// UART bytes received so far (at least one), waiting up to `timeout`.
    public func read(timeout: Duration) async throws -> [UInt8] {
        try await pipe.read(timeout: timeout)
    }

    /// Cancels the pending read and closes the USB handle.
    public func close() async {
        await pipe.close()
    }
}
